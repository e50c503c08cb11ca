package org.hyperupcall.ebpf.isa;

import static org.hyperupcall.ebpf.isa.Opcodes.*;

/**
 * The opcodes of whole instructions, named as RFC 9669 composes them from {@link Opcodes}' fields: class,
 * operation, source ({@code _K} immediate, {@code _X} register) or size and mode. {@code ALU32_} is the 32-bit
 * arithmetic class ({@code BPF_ALU}), {@code ALU64_} the 64-bit one; {@code JMP32_} compares the low 32 bits. What the
 * interpreter dispatches on, and what the JIT, the disassembler and the verifier name when they single
 * out one instruction.
 */
public final class Op {
    private Op() {
    }

    // 64-bit arithmetic
    public static final int ALU64_ADD_K = CLS_ALU64 | ALU_ADD | SRC_K; // 0x07
    public static final int ALU64_ADD_X = CLS_ALU64 | ALU_ADD | SRC_X; // 0x0f
    public static final int ALU64_SUB_K = CLS_ALU64 | ALU_SUB | SRC_K; // 0x17
    public static final int ALU64_SUB_X = CLS_ALU64 | ALU_SUB | SRC_X; // 0x1f
    public static final int ALU64_MUL_K = CLS_ALU64 | ALU_MUL | SRC_K; // 0x27
    public static final int ALU64_MUL_X = CLS_ALU64 | ALU_MUL | SRC_X; // 0x2f
    public static final int ALU64_DIV_K = CLS_ALU64 | ALU_DIV | SRC_K; // 0x37
    public static final int ALU64_DIV_X = CLS_ALU64 | ALU_DIV | SRC_X; // 0x3f
    public static final int ALU64_OR_K = CLS_ALU64 | ALU_OR | SRC_K; // 0x47
    public static final int ALU64_OR_X = CLS_ALU64 | ALU_OR | SRC_X; // 0x4f
    public static final int ALU64_AND_K = CLS_ALU64 | ALU_AND | SRC_K; // 0x57
    public static final int ALU64_AND_X = CLS_ALU64 | ALU_AND | SRC_X; // 0x5f
    public static final int ALU64_LSH_K = CLS_ALU64 | ALU_LSH | SRC_K; // 0x67
    public static final int ALU64_LSH_X = CLS_ALU64 | ALU_LSH | SRC_X; // 0x6f
    public static final int ALU64_RSH_K = CLS_ALU64 | ALU_RSH | SRC_K; // 0x77
    public static final int ALU64_RSH_X = CLS_ALU64 | ALU_RSH | SRC_X; // 0x7f
    public static final int ALU64_NEG = CLS_ALU64 | ALU_NEG; // 0x87
    public static final int ALU64_MOD_K = CLS_ALU64 | ALU_MOD | SRC_K; // 0x97
    public static final int ALU64_MOD_X = CLS_ALU64 | ALU_MOD | SRC_X; // 0x9f
    public static final int ALU64_XOR_K = CLS_ALU64 | ALU_XOR | SRC_K; // 0xa7
    public static final int ALU64_XOR_X = CLS_ALU64 | ALU_XOR | SRC_X; // 0xaf
    public static final int ALU64_MOV_K = CLS_ALU64 | ALU_MOV | SRC_K; // 0xb7
    public static final int ALU64_MOV_X = CLS_ALU64 | ALU_MOV | SRC_X; // 0xbf
    public static final int ALU64_ARSH_K = CLS_ALU64 | ALU_ARSH | SRC_K; // 0xc7
    public static final int ALU64_ARSH_X = CLS_ALU64 | ALU_ARSH | SRC_X; // 0xcf
    public static final int ALU64_BSWAP = CLS_ALU64 | ALU_END; // 0xd7

    // 32-bit arithmetic (results zero-extended)
    public static final int ALU32_ADD_K = CLS_ALU | ALU_ADD | SRC_K; // 0x04
    public static final int ALU32_ADD_X = CLS_ALU | ALU_ADD | SRC_X; // 0x0c
    public static final int ALU32_SUB_K = CLS_ALU | ALU_SUB | SRC_K; // 0x14
    public static final int ALU32_SUB_X = CLS_ALU | ALU_SUB | SRC_X; // 0x1c
    public static final int ALU32_MUL_K = CLS_ALU | ALU_MUL | SRC_K; // 0x24
    public static final int ALU32_MUL_X = CLS_ALU | ALU_MUL | SRC_X; // 0x2c
    public static final int ALU32_DIV_K = CLS_ALU | ALU_DIV | SRC_K; // 0x34
    public static final int ALU32_DIV_X = CLS_ALU | ALU_DIV | SRC_X; // 0x3c
    public static final int ALU32_OR_K = CLS_ALU | ALU_OR | SRC_K; // 0x44
    public static final int ALU32_OR_X = CLS_ALU | ALU_OR | SRC_X; // 0x4c
    public static final int ALU32_AND_K = CLS_ALU | ALU_AND | SRC_K; // 0x54
    public static final int ALU32_AND_X = CLS_ALU | ALU_AND | SRC_X; // 0x5c
    public static final int ALU32_LSH_K = CLS_ALU | ALU_LSH | SRC_K; // 0x64
    public static final int ALU32_LSH_X = CLS_ALU | ALU_LSH | SRC_X; // 0x6c
    public static final int ALU32_RSH_K = CLS_ALU | ALU_RSH | SRC_K; // 0x74
    public static final int ALU32_RSH_X = CLS_ALU | ALU_RSH | SRC_X; // 0x7c
    public static final int ALU32_NEG = CLS_ALU | ALU_NEG; // 0x84
    public static final int ALU32_MOD_K = CLS_ALU | ALU_MOD | SRC_K; // 0x94
    public static final int ALU32_MOD_X = CLS_ALU | ALU_MOD | SRC_X; // 0x9c
    public static final int ALU32_XOR_K = CLS_ALU | ALU_XOR | SRC_K; // 0xa4
    public static final int ALU32_XOR_X = CLS_ALU | ALU_XOR | SRC_X; // 0xac
    public static final int ALU32_MOV_K = CLS_ALU | ALU_MOV | SRC_K; // 0xb4
    public static final int ALU32_MOV_X = CLS_ALU | ALU_MOV | SRC_X; // 0xbc
    public static final int ALU32_ARSH_K = CLS_ALU | ALU_ARSH | SRC_K; // 0xc4
    public static final int ALU32_ARSH_X = CLS_ALU | ALU_ARSH | SRC_X; // 0xcc
    public static final int ALU32_END_FROM_LE = CLS_ALU | ALU_END; // 0xd4
    public static final int ALU32_END_FROM_BE = CLS_ALU | ALU_END | SRC_X; // 0xdc

    // loads of immediates and packet data
    /** Lddw: a 64-bit immediate, two slots. */
    public static final int LDDW = CLS_LD | MODE_IMM | SIZE_DW; // 0x18
    public static final int LD_ABS_W = CLS_LD | MODE_ABS | SIZE_W; // 0x20
    public static final int LD_ABS_H = CLS_LD | MODE_ABS | SIZE_H; // 0x28
    public static final int LD_ABS_B = CLS_LD | MODE_ABS | SIZE_B; // 0x30
    public static final int LD_IND_W = CLS_LD | MODE_IND | SIZE_W; // 0x40
    public static final int LD_IND_H = CLS_LD | MODE_IND | SIZE_H; // 0x48
    public static final int LD_IND_B = CLS_LD | MODE_IND | SIZE_B; // 0x50

    // loads from memory
    public static final int LDX_MEM_W = CLS_LDX | MODE_MEM | SIZE_W; // 0x61
    public static final int LDX_MEM_H = CLS_LDX | MODE_MEM | SIZE_H; // 0x69
    public static final int LDX_MEM_B = CLS_LDX | MODE_MEM | SIZE_B; // 0x71
    public static final int LDX_MEM_DW = CLS_LDX | MODE_MEM | SIZE_DW; // 0x79
    public static final int LDX_MEMSX_W = CLS_LDX | MODE_MEMSX | SIZE_W; // 0x81
    public static final int LDX_MEMSX_H = CLS_LDX | MODE_MEMSX | SIZE_H; // 0x89
    public static final int LDX_MEMSX_B = CLS_LDX | MODE_MEMSX | SIZE_B; // 0x91

    // stores of immediates
    public static final int ST_MEM_W = CLS_ST | MODE_MEM | SIZE_W; // 0x62
    public static final int ST_MEM_H = CLS_ST | MODE_MEM | SIZE_H; // 0x6a
    public static final int ST_MEM_B = CLS_ST | MODE_MEM | SIZE_B; // 0x72
    public static final int ST_MEM_DW = CLS_ST | MODE_MEM | SIZE_DW; // 0x7a

    // stores of registers and atomic operations
    public static final int STX_MEM_W = CLS_STX | MODE_MEM | SIZE_W; // 0x63
    public static final int STX_MEM_H = CLS_STX | MODE_MEM | SIZE_H; // 0x6b
    public static final int STX_MEM_B = CLS_STX | MODE_MEM | SIZE_B; // 0x73
    public static final int STX_MEM_DW = CLS_STX | MODE_MEM | SIZE_DW; // 0x7b
    public static final int STX_ATOMIC_W = CLS_STX | MODE_ATOMIC | SIZE_W; // 0xc3
    public static final int STX_ATOMIC_DW = CLS_STX | MODE_ATOMIC | SIZE_DW; // 0xdb

    // jumps, calls and exit
    /** Goto by off. */
    public static final int JA = CLS_JMP | JMP_JA; // 0x05
    public static final int JMP_JEQ_K = CLS_JMP | JMP_JEQ | SRC_K; // 0x15
    public static final int JMP_JEQ_X = CLS_JMP | JMP_JEQ | SRC_X; // 0x1d
    public static final int JMP_JGT_K = CLS_JMP | JMP_JGT | SRC_K; // 0x25
    public static final int JMP_JGT_X = CLS_JMP | JMP_JGT | SRC_X; // 0x2d
    public static final int JMP_JGE_K = CLS_JMP | JMP_JGE | SRC_K; // 0x35
    public static final int JMP_JGE_X = CLS_JMP | JMP_JGE | SRC_X; // 0x3d
    public static final int JMP_JSET_K = CLS_JMP | JMP_JSET | SRC_K; // 0x45
    public static final int JMP_JSET_X = CLS_JMP | JMP_JSET | SRC_X; // 0x4d
    public static final int JMP_JNE_K = CLS_JMP | JMP_JNE | SRC_K; // 0x55
    public static final int JMP_JNE_X = CLS_JMP | JMP_JNE | SRC_X; // 0x5d
    public static final int JMP_JSGT_K = CLS_JMP | JMP_JSGT | SRC_K; // 0x65
    public static final int JMP_JSGT_X = CLS_JMP | JMP_JSGT | SRC_X; // 0x6d
    public static final int JMP_JSGE_K = CLS_JMP | JMP_JSGE | SRC_K; // 0x75
    public static final int JMP_JSGE_X = CLS_JMP | JMP_JSGE | SRC_X; // 0x7d
    /** Call of a helper (src 0), a local function (src 1) or a helper by BTF id (src 2). */
    public static final int CALL = CLS_JMP | JMP_CALL; // 0x85
    /** Callx: a call through a register. */
    public static final int CALLX = CLS_JMP | SRC_X | JMP_CALL; // 0x8d
    /** Exit. */
    public static final int EXIT = CLS_JMP | JMP_EXIT; // 0x95
    public static final int JMP_JLT_K = CLS_JMP | JMP_JLT | SRC_K; // 0xa5
    public static final int JMP_JLT_X = CLS_JMP | JMP_JLT | SRC_X; // 0xad
    public static final int JMP_JLE_K = CLS_JMP | JMP_JLE | SRC_K; // 0xb5
    public static final int JMP_JLE_X = CLS_JMP | JMP_JLE | SRC_X; // 0xbd
    public static final int JMP_JSLT_K = CLS_JMP | JMP_JSLT | SRC_K; // 0xc5
    public static final int JMP_JSLT_X = CLS_JMP | JMP_JSLT | SRC_X; // 0xcd
    public static final int JMP_JSLE_K = CLS_JMP | JMP_JSLE | SRC_K; // 0xd5
    public static final int JMP_JSLE_X = CLS_JMP | JMP_JSLE | SRC_X; // 0xdd

    // 32-bit jumps
    /** Gotol: goto by imm (32 bits). */
    public static final int JA32 = CLS_JMP32 | JMP_JA; // 0x06
    public static final int JMP32_JEQ_K = CLS_JMP32 | JMP_JEQ | SRC_K; // 0x16
    public static final int JMP32_JEQ_X = CLS_JMP32 | JMP_JEQ | SRC_X; // 0x1e
    public static final int JMP32_JGT_K = CLS_JMP32 | JMP_JGT | SRC_K; // 0x26
    public static final int JMP32_JGT_X = CLS_JMP32 | JMP_JGT | SRC_X; // 0x2e
    public static final int JMP32_JGE_K = CLS_JMP32 | JMP_JGE | SRC_K; // 0x36
    public static final int JMP32_JGE_X = CLS_JMP32 | JMP_JGE | SRC_X; // 0x3e
    public static final int JMP32_JSET_K = CLS_JMP32 | JMP_JSET | SRC_K; // 0x46
    public static final int JMP32_JSET_X = CLS_JMP32 | JMP_JSET | SRC_X; // 0x4e
    public static final int JMP32_JNE_K = CLS_JMP32 | JMP_JNE | SRC_K; // 0x56
    public static final int JMP32_JNE_X = CLS_JMP32 | JMP_JNE | SRC_X; // 0x5e
    public static final int JMP32_JSGT_K = CLS_JMP32 | JMP_JSGT | SRC_K; // 0x66
    public static final int JMP32_JSGT_X = CLS_JMP32 | JMP_JSGT | SRC_X; // 0x6e
    public static final int JMP32_JSGE_K = CLS_JMP32 | JMP_JSGE | SRC_K; // 0x76
    public static final int JMP32_JSGE_X = CLS_JMP32 | JMP_JSGE | SRC_X; // 0x7e
    public static final int JMP32_JLT_K = CLS_JMP32 | JMP_JLT | SRC_K; // 0xa6
    public static final int JMP32_JLT_X = CLS_JMP32 | JMP_JLT | SRC_X; // 0xae
    public static final int JMP32_JLE_K = CLS_JMP32 | JMP_JLE | SRC_K; // 0xb6
    public static final int JMP32_JLE_X = CLS_JMP32 | JMP_JLE | SRC_X; // 0xbe
    public static final int JMP32_JSLT_K = CLS_JMP32 | JMP_JSLT | SRC_K; // 0xc6
    public static final int JMP32_JSLT_X = CLS_JMP32 | JMP_JSLT | SRC_X; // 0xce
    public static final int JMP32_JSLE_K = CLS_JMP32 | JMP_JSLE | SRC_K; // 0xd6
    public static final int JMP32_JSLE_X = CLS_JMP32 | JMP_JSLE | SRC_X; // 0xde
}
