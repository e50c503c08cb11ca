package org.hyperupcall.ui.editor;

import org.hyperupcall.ui.HucLanguageSession;

/** Whether two URIs name the same document. */
final class HucLanguageKeys {
    private HucLanguageKeys() {
    }

    static boolean same(String a, String b) {
        return HucLanguageSession.key(a).equals(HucLanguageSession.key(b));
    }
}
