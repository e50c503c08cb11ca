package org.hyperupcall.ebpf.isa;

/**
 * One 8-byte instruction slot. A 64-bit immediate load ({@code lddw}) occupies two slots: the
 * second has opcode 0 and carries the upper 32 bits of the constant in its imm field.
 */
public record Instruction(int opcode, int dst, int src, int offset, int imm) {

    public Instruction {
        if (opcode < 0 || opcode > 0xff || dst < 0 || dst > 0xf || src < 0 || src > 0xf) {
            throw new IllegalArgumentException("field out of range");
        }
        offset = (short) offset;
    }

    /** Encodes the slot as the little-endian 64-bit word it occupies in memory. */
    public long encode() {
        return (opcode & 0xffL) | ((long) dst << 8) | ((long) src << 12) | ((offset & 0xffffL) << 16)
                | ((imm & 0xffffffffL) << 32);
    }

    /** Decodes a little-endian 64-bit word. */
    public static Instruction decode(long word) {
        return new Instruction((int) (word & 0xff), (int) (word >>> 8) & 0xf, (int) (word >>> 12) & 0xf,
                (short) (word >>> 16), (int) (word >>> 32));
    }

    public int cls() {
        return Opcodes.cls(opcode);
    }

    public boolean isLddw() {
        return opcode == Op.LDDW;
    }

    /** Writes the slot's 8 bytes at {@code pos}. */
    public void writeTo(byte[] out, int pos) {
        long w = encode();
        for (int i = 0; i < 8; i++) {
            out[pos + i] = (byte) (w >>> (8 * i));
        }
    }

    /** Reads the slot at {@code pos}. */
    public static Instruction readFrom(byte[] in, int pos) {
        long w = 0;
        for (int i = 7; i >= 0; i--) {
            w = (w << 8) | (in[pos + i] & 0xffL);
        }
        return decode(w);
    }
}
