package org.hyperupcall.abi;

import java.util.List;
import java.util.Optional;

import org.hyperupcall.verifier.Platform;

/**
 * What the verifier, the editor and the CLI check a program against: its event (context layout,
 * return codes), the helpers it may call and its instruction limit. One per event; the limit of
 * local events is configurable per VM, that of global ones is the paper's 4,096.
 */
public record ProgramType(Event event, int instructionLimit) implements Platform {

    public ProgramType {
        if (instructionLimit < 1) {
            throw new IllegalArgumentException("instruction limit must be positive, not " + instructionLimit);
        }
        if (event.isGlobal() && instructionLimit > Constants.GLOBAL_INSN_LIMIT) {
            throw new IllegalArgumentException("global hyperupcalls are limited to " + Constants.GLOBAL_INSN_LIMIT + " instructions");
        }
    }

    /** The event's type with the default limit. */
    public static ProgramType of(Event event) {
        return new ProgramType(event, event.isGlobal() ? Constants.GLOBAL_INSN_LIMIT : Constants.DEFAULT_LOCAL_INSN_LIMIT);
    }

    public Struct context() {
        return event.context();
    }

    /** The helpers this event may call. */
    public List<HelperSpec> helpers() {
        return Helpers.all().stream().filter(h -> !h.localOnly() || !event.isGlobal()).toList();
    }

    /** The helper with this id, if this event may call it. */
    public Optional<HelperSpec> helper(long id) {
        return Helpers.byId(id).filter(h -> !h.localOnly() || !event.isGlobal());
    }

    /** Why {@code call id} is refused, in words a person can act on; empty when it is allowed. */
    public Optional<String> refusal(long id) {
        Optional<HelperSpec> h = Helpers.byId(id);
        if (h.isEmpty()) {
            return Optional.of("there is no helper " + id + " (helpers are 1.." + Helpers.all().size() + ")");
        }
        if (h.get().localOnly() && event.isGlobal()) {
            return Optional.of("helper " + h.get().name() + " (" + id + ") is only allowed in local hyperupcalls; "
                    + event.id() + " is global");
        }
        return Optional.empty();
    }

    /** Whether r0 may hold {@code value} at exit. */
    public boolean returns(long value) {
        return event.returnCodes().containsKey(value);
    }

    // ---- the verifier's view (Platform) ----

    @Override
    public String name() {
        return event.id();
    }

    @Override
    public Platform.Context contextLayout() {
        Struct c = context();
        return new Platform.Context(c.name(), c.size(),
                c.fields().stream().map(f -> new Platform.ContextField(f.name(), f.cType(), f.offset(), f.size())).toList());
    }

    @Override
    public Optional<Platform.Helper> helperPrototype(long id) {
        return helper(id).map(h -> new Platform.Helper(h.name(),
                h.params().stream().map(p -> new Platform.Arg(p.name(), argType(p.kind()))).toList()));
    }

    private static Platform.ArgType argType(ArgKind kind) {
        return switch (kind) {
            case SCALAR, VCPU -> Platform.ArgType.SCALAR;
            case PTR_TO_MEM -> Platform.ArgType.MEM;
            case PTR_TO_WRITABLE_MEM -> Platform.ArgType.WRITABLE_MEM;
            case MEM_SIZE -> Platform.ArgType.MEM_SIZE;
            case MEM_SIZE_BITS -> Platform.ArgType.MEM_SIZE_BITS;
            case PTR_TO_U64 -> Platform.ArgType.PTR_TO_U64;
            case PTR_TO_U32 -> Platform.ArgType.PTR_TO_U32;
        };
    }

    @Override
    public String returnCodes() {
        StringBuilder sb = new StringBuilder(event.id() + " returns ");
        int i = 0;
        for (var c : event.returnCodes().values()) {
            sb.append(i++ == 0 ? "" : " or ").append(c.name()).append(" (").append(c.value()).append(')');
        }
        return sb.toString();
    }
}
