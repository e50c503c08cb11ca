package org.hyperupcall.launch.debug;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IMemoryBlockExtension;
import org.eclipse.debug.core.model.IMemoryBlockRetrieval;
import org.eclipse.debug.core.model.MemoryByte;
import org.eclipse.lsp4j.debug.ReadMemoryArguments;
import org.eclipse.lsp4j.debug.ReadMemoryResponse;

/**
 * A block of the stopped program's memory for the memory view (its context, its registered guest
 * memory, its stack), read through DAP {@code readMemory} at each look: little-endian bytes, those
 * the program cannot read (and all of them while it runs) marked unreadable. Read-only.
 */
public final class HucMemoryBlock extends HucDebugElement implements IMemoryBlockExtension {
    private static final BigInteger MAX_ADDRESS = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final String expression;
    private final BigInteger base;
    private final long length;
    private final List<Object> connections = new ArrayList<>();

    HucMemoryBlock(HucDebugTarget target, String expression, BigInteger base, long length) {
        super(target);
        this.expression = expression;
        this.base = base;
        this.length = length;
    }

    /** An address written as the adapter's memory references are ({@code 0x1000}) or in decimal; null for anything else. */
    static BigInteger literal(String s) {
        if (s.matches("0[xX][0-9a-fA-F]{1,16}")) {
            return new BigInteger(s.substring(2), 16);
        }
        return s.matches("[0-9]{1,20}") && new BigInteger(s).compareTo(MAX_ADDRESS) <= 0 ? new BigInteger(s) : null;
    }

    @Override
    public String getExpression() {
        return expression;
    }

    @Override
    public BigInteger getBigBaseAddress() {
        return base;
    }

    @Override
    public BigInteger getMemoryBlockStartAddress() {
        return BigInteger.ZERO;
    }

    @Override
    public BigInteger getMemoryBlockEndAddress() {
        return MAX_ADDRESS;
    }

    @Override
    public BigInteger getBigLength() {
        return BigInteger.valueOf(length);
    }

    @Override
    public int getAddressSize() {
        return 8;
    }

    @Override
    public int getAddressableSize() {
        return 1;
    }

    @Override
    public boolean supportBaseAddressModification() {
        return false;
    }

    @Override
    public boolean supportsChangeManagement() {
        return false;
    }

    @Override
    public void setBaseAddress(BigInteger address) throws DebugException {
        throw HucDebugModel.failure("the base address of a memory block is fixed", null);
    }

    @Override
    public MemoryByte[] getBytesFromOffset(BigInteger unitOffset, long units) throws DebugException {
        return getBytesFromAddress(base.add(unitOffset), units);
    }

    /** The bytes at an address: those the adapter reads readable, the rest (past the program's memory, or while it runs) not. */
    @Override
    public MemoryByte[] getBytesFromAddress(BigInteger address, long units) throws DebugException {
        int count = (int) Math.max(0, Math.min(units, 1 << 16));
        MemoryByte[] out = new MemoryByte[count];
        byte[] data = new byte[0];
        if (count > 0 && address.signum() >= 0 && address.compareTo(MAX_ADDRESS) <= 0 && target().isSuspended()) {
            ReadMemoryArguments args = new ReadMemoryArguments();
            args.setMemoryReference("0x" + address.toString(16));
            args.setOffset(0);
            args.setCount(count);
            ReadMemoryResponse r = HucDebugModel.await(target().server().readMemory(args), "readMemory");
            data = r.getData() == null ? new byte[0] : Base64.getDecoder().decode(r.getData());
        }
        for (int i = 0; i < count; i++) {
            if (i < data.length) {
                out[i] = new MemoryByte(data[i], (byte) (MemoryByte.READABLE | MemoryByte.ENDIANESS_KNOWN));
            } else {
                out[i] = new MemoryByte((byte) 0, (byte) 0);
            }
        }
        return out;
    }

    @Override
    public void setValue(BigInteger offset, byte[] bytes) throws DebugException {
        throw HucDebugModel.failure("the debugger shows the program's memory, it does not change it", null);
    }

    @Override
    public synchronized void connect(Object client) {
        if (!connections.contains(client)) {
            connections.add(client);
        }
    }

    @Override
    public synchronized void disconnect(Object client) {
        connections.remove(client);
    }

    @Override
    public synchronized Object[] getConnections() {
        return connections.toArray();
    }

    @Override
    public void dispose() {
        synchronized (this) {
            connections.clear();
        }
    }

    @Override
    public IMemoryBlockRetrieval getMemoryBlockRetrieval() {
        return target();
    }

    @Override
    public long getStartAddress() {
        return base.longValue();
    }

    @Override
    public long getLength() {
        return length;
    }

    /** The block's bytes (unreadable ones as 0). */
    @Override
    public byte[] getBytes() throws DebugException {
        MemoryByte[] m = getBytesFromOffset(BigInteger.ZERO, length);
        byte[] out = new byte[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].getValue();
        }
        return out;
    }

    @Override
    public boolean supportsValueModification() {
        return false;
    }

    @Override
    public void setValue(long offset, byte[] bytes) throws DebugException {
        setValue(BigInteger.valueOf(offset), bytes);
    }
}
