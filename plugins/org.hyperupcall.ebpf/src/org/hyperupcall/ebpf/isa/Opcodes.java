package org.hyperupcall.ebpf.isa;

/** Opcode fields of the eBPF instruction set (RFC 9669, section 3 onwards). */
public final class Opcodes {
    private Opcodes() {
    }

    // Instruction classes (low 3 bits).
    public static final int CLS_LD = 0x00;
    public static final int CLS_LDX = 0x01;
    public static final int CLS_ST = 0x02;
    public static final int CLS_STX = 0x03;
    public static final int CLS_ALU = 0x04;
    public static final int CLS_JMP = 0x05;
    public static final int CLS_JMP32 = 0x06;
    public static final int CLS_ALU64 = 0x07;

    // Source bit of arithmetic and jump instructions.
    public static final int SRC_K = 0x00;
    public static final int SRC_X = 0x08;

    // Arithmetic operations (high 4 bits).
    public static final int ALU_ADD = 0x00;
    public static final int ALU_SUB = 0x10;
    public static final int ALU_MUL = 0x20;
    public static final int ALU_DIV = 0x30;
    public static final int ALU_OR = 0x40;
    public static final int ALU_AND = 0x50;
    public static final int ALU_LSH = 0x60;
    public static final int ALU_RSH = 0x70;
    public static final int ALU_NEG = 0x80;
    public static final int ALU_MOD = 0x90;
    public static final int ALU_XOR = 0xa0;
    public static final int ALU_MOV = 0xb0;
    public static final int ALU_ARSH = 0xc0;
    public static final int ALU_END = 0xd0;

    // Jump operations (high 4 bits).
    public static final int JMP_JA = 0x00;
    public static final int JMP_JEQ = 0x10;
    public static final int JMP_JGT = 0x20;
    public static final int JMP_JGE = 0x30;
    public static final int JMP_JSET = 0x40;
    public static final int JMP_JNE = 0x50;
    public static final int JMP_JSGT = 0x60;
    public static final int JMP_JSGE = 0x70;
    public static final int JMP_CALL = 0x80;
    public static final int JMP_EXIT = 0x90;
    public static final int JMP_JLT = 0xa0;
    public static final int JMP_JLE = 0xb0;
    public static final int JMP_JSLT = 0xc0;
    public static final int JMP_JSLE = 0xd0;

    // Load and store sizes (bits 3-4).
    public static final int SIZE_W = 0x00;
    public static final int SIZE_H = 0x08;
    public static final int SIZE_B = 0x10;
    public static final int SIZE_DW = 0x18;

    // Load and store modes (high 3 bits).
    public static final int MODE_IMM = 0x00;
    public static final int MODE_ABS = 0x20;
    public static final int MODE_IND = 0x40;
    public static final int MODE_MEM = 0x60;
    public static final int MODE_MEMSX = 0x80;
    public static final int MODE_ATOMIC = 0xc0;

    // Atomic operations (imm field of STX ATOMIC).
    public static final int ATOMIC_FETCH = 0x01;
    public static final int ATOMIC_ADD = 0x00;
    public static final int ATOMIC_OR = 0x40;
    public static final int ATOMIC_AND = 0x50;
    public static final int ATOMIC_XOR = 0xa0;
    public static final int ATOMIC_XCHG = 0xe0 | ATOMIC_FETCH;
    public static final int ATOMIC_CMPXCHG = 0xf0 | ATOMIC_FETCH;

    // CALL source values.
    public static final int CALL_HELPER = 0;
    public static final int CALL_LOCAL = 1;
    public static final int CALL_HELPER_BTF = 2;

    // Whole opcodes (LDDW, CALL, EXIT...) are in Op.

    /** Registers r0..r10; r10 is the read-only frame pointer. */
    public static final int REGISTER_COUNT = 11;
    public static final int FRAME_POINTER = 10;
    /** Bytes of stack each frame owns. */
    public static final int STACK_FRAME_SIZE = 512;
    /** Deepest nesting of bpf-to-bpf calls (the Linux limit). */
    public static final int MAX_CALL_DEPTH = 8;

    public static int cls(int opcode) {
        return opcode & 0x07;
    }

    public static int op(int opcode) {
        return opcode & 0xf0;
    }

    public static int source(int opcode) {
        return opcode & 0x08;
    }

    public static int size(int opcode) {
        return opcode & 0x18;
    }

    public static int mode(int opcode) {
        return opcode & 0xe0;
    }

    public static boolean isJump(int opcode) {
        int c = cls(opcode);
        return c == CLS_JMP || c == CLS_JMP32;
    }

    /**
     * Whether the opcode byte names an instruction of the instruction set (RFC 9669, as far as
     * this toolchain implements it), whatever its other fields hold. An undefined opcode such as
     * 0xff can still appear in bytes read from a file.
     */
    public static boolean isDefined(int opcode) {
        opcode &= 0xff;
        int op = op(opcode);
        boolean x = source(opcode) == SRC_X;
        return switch (cls(opcode)) {
            case CLS_ALU, CLS_ALU64 -> op <= ALU_END && !(op == ALU_NEG && x)
                    && !(op == ALU_END && x && cls(opcode) == CLS_ALU64);
            case CLS_JMP, CLS_JMP32 -> {
                boolean jmp32 = cls(opcode) == CLS_JMP32;
                if (op > JMP_JSLE) {
                    yield false;
                }
                yield switch (op) {
                    case JMP_JA -> !x;
                    case JMP_CALL -> !jmp32;
                    case JMP_EXIT -> !jmp32 && !x;
                    default -> true;
                };
            }
            case CLS_LD -> opcode == Op.LDDW
                    || ((mode(opcode) == MODE_ABS || mode(opcode) == MODE_IND) && size(opcode) != SIZE_DW);
            case CLS_LDX -> mode(opcode) == MODE_MEM || (mode(opcode) == MODE_MEMSX && size(opcode) != SIZE_DW);
            case CLS_ST -> mode(opcode) == MODE_MEM;
            default -> mode(opcode) == MODE_MEM
                    || (mode(opcode) == MODE_ATOMIC && (size(opcode) == SIZE_W || size(opcode) == SIZE_DW));
        };
    }

    /** Whether {@code imm} names an atomic operation (the imm field of an STX ATOMIC instruction). */
    public static boolean isAtomicOperation(int imm) {
        return imm == ATOMIC_ADD || imm == ATOMIC_OR || imm == ATOMIC_AND || imm == ATOMIC_XOR
                || imm == (ATOMIC_ADD | ATOMIC_FETCH) || imm == (ATOMIC_OR | ATOMIC_FETCH)
                || imm == (ATOMIC_AND | ATOMIC_FETCH) || imm == (ATOMIC_XOR | ATOMIC_FETCH)
                || imm == ATOMIC_XCHG || imm == ATOMIC_CMPXCHG;
    }

    /** Number of bytes moved by a load or store of this size code. */
    public static int sizeBytes(int opcode) {
        return switch (size(opcode)) {
            case SIZE_B -> 1;
            case SIZE_H -> 2;
            case SIZE_W -> 4;
            default -> 8;
        };
    }

    /** Whether the conditional jump compares its operands as signed values. */
    public static boolean isConditionalJump(int opcode) {
        if (!isJump(opcode)) {
            return false;
        }
        int o = op(opcode);
        return o != JMP_JA && o != JMP_CALL && o != JMP_EXIT;
    }
}
