package org.hyperupcall.abi;

import java.util.List;

/**
 * A helper a hyperupcall may call ({@code call id}): its C prototype, the kinds of its arguments,
 * and whether only local (per-vCPU) events may call it.
 */
public record HelperSpec(int id, String name, String returnType, List<Param> params, boolean localOnly, String doc) {

    /** One parameter: its C type and name, and what the verifier requires of it. */
    public record Param(String cType, String name, ArgKind kind) {
    }

    /** The C prototype, e.g. {@code long hup_memcpy(void *dst, const void *src, u32 len)}. */
    public String prototype() {
        StringBuilder sb = new StringBuilder(returnType).append(' ').append(name).append('(');
        if (params.isEmpty()) {
            sb.append("void");
        }
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            sb.append(i == 0 ? "" : ", ").append(p.cType()).append(p.cType().endsWith("*") ? "" : " ").append(p.name());
        }
        return sb.append(')').toString();
    }
}
