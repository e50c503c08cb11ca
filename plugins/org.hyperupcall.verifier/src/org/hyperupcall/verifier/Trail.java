package org.hyperupcall.verifier;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The conditional jumps a path took, newest first, shared between the paths that fork from it
 * (kept only when states are asked for: {@link VerifierOptions#states}).
 */
record Trail(int pc, boolean taken, boolean forced, Trail parent) {
    /** The jumps from the entry on, oldest first. */
    static List<Trail> list(Trail t) {
        List<Trail> out = new ArrayList<>();
        for (Trail x = t; x != null; x = x.parent) {
            out.add(x);
        }
        Collections.reverse(out);
        return out;
    }
}
