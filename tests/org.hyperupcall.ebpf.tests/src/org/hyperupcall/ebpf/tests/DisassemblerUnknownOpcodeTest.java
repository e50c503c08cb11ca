package org.hyperupcall.ebpf.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hyperupcall.ebpf.isa.Op;
import org.hyperupcall.ebpf.asm.Disassembler;
import org.hyperupcall.ebpf.asm.Disassembler.Syntax;
import org.hyperupcall.ebpf.isa.Opcodes;
import org.hyperupcall.ebpf.isa.Program;
import org.junit.jupiter.api.Test;

/** Bytes that are no instruction (read from a damaged or foreign object) are listed, not thrown on. */
class DisassemblerUnknownOpcodeTest {

    private static Program program(int... opcodes) throws Exception {
        byte[] code = new byte[opcodes.length * 8];
        for (int i = 0; i < opcodes.length; i++) {
            code[i * 8] = (byte) opcodes[i];
        }
        return Program.fromBytes("p", code);
    }

    @Test
    void opcode0xffDisassemblesAsAnUnknownOpcodeInBothSyntaxes() throws Exception {
        Program p = program(0xff, Op.EXIT);
        assertEquals("<unknown opcode 0xff>", Disassembler.instruction(p, 0, Syntax.LLVM));
        assertEquals("<unknown opcode 0xff>", Disassembler.instruction(p, 0, Syntax.CONFORMANCE));
        assertEquals("exit", Disassembler.instruction(p, 1, Syntax.LLVM));
        String listing = Disassembler.objdump(p, true, null);
        assertTrue(listing.contains("ff 00 00 00 00 00 00 00\t<unknown opcode 0xff>"), listing);
    }

    @Test
    void everyOpcodeByteDisassemblesWithoutThrowingAndTheUndefinedOnesSaySo() throws Exception {
        for (int op = 0; op < 256; op++) {
            Program p = program(op, 0);
            for (Syntax syntax : Syntax.values()) {
                String text = Disassembler.instruction(p, 0, syntax);
                assertEquals(!Opcodes.isDefined(op), text.startsWith("<unknown opcode"),
                        String.format("opcode 0x%02x in %s: %s", op, syntax, text));
            }
        }
    }
}
