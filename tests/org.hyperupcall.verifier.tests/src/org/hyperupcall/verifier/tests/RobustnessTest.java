package org.hyperupcall.verifier.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.ProgramType;
import org.hyperupcall.ebpf.asm.Assembler;
import org.hyperupcall.ebpf.isa.Instruction;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.verifier.MemoryRange;
import org.hyperupcall.verifier.Verification;
import org.hyperupcall.verifier.Verifier;
import org.hyperupcall.verifier.VerifierOptions;
import org.junit.jupiter.api.Test;

/** Whatever the bytes, the verifier answers with a verdict: it never throws, hangs or accepts garbage silently. */
class RobustnessTest {
    private static final List<MemoryRange> REGIONS = List.of(new MemoryRange("guest", 0xffff_8880_0000_1000L, 4096, true));

    @Test
    void givesAVerdictOnMutatedProgramsWithoutThrowing() throws Exception {
        Random random = new Random(99);
        int accepted = 0;
        int rejected = 0;
        for (int k = 0; k < 5000; k++) {
            Program base = Assembler.assemble("m.s", SoundnessTest.generate(random));
            Instruction[] slots = base.slots();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                int i = random.nextInt(slots.length);
                Instruction old = slots[i];
                slots[i] = switch (random.nextInt(5)) {
                    case 0 -> new Instruction(random.nextInt(256), old.dst(), old.src(), old.offset(), old.imm());
                    case 1 -> new Instruction(old.opcode(), random.nextInt(16), old.src(), old.offset(), old.imm());
                    case 2 -> new Instruction(old.opcode(), old.dst(), random.nextInt(16), old.offset(), old.imm());
                    case 3 -> new Instruction(old.opcode(), old.dst(), old.src(), random.nextInt(65536) - 32768, old.imm());
                    default -> new Instruction(old.opcode(), old.dst(), old.src(), old.offset(), random.nextInt());
                };
            }
            Event event = Event.values()[random.nextInt(Event.values().length)];
            Verification v = Verifier.verify(new Program("mutant", slots), ProgramType.of(event),
                    VerifierOptions.defaults().withRegions(REGIONS).withMaxProcessed(100_000));
            if (v.accepted()) {
                accepted++;
            } else {
                rejected++;
                assertTrue(!v.diagnostics().get(0).message().isBlank());
            }
        }
        assertTrue(rejected > 0 && accepted + rejected == 5000);
    }
}
