package org.hyperupcall.ui.prefs;

import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.core.runtime.preferences.DefaultScope;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.ui.HucUi;

/**
 * The Hyperupcall preferences (Window &gt; Preferences &gt; Hyperupcall): the engine and the
 * scenario a new launch configuration starts with, and an instruction limit the builder applies
 * to every entry point on top of the ABI's (0 = only the ABI's).
 */
public final class HucPreferences {
    public static final String ENGINE = "engine";
    public static final String SCENARIO = "scenario";
    public static final String INSN_LIMIT = "instructionLimit";

    private HucPreferences() {
    }

    public static String engine() {
        return Platform.getPreferencesService().getString(HucUi.ID, ENGINE, EngineKind.DEFAULT.toString(), null);
    }

    public static String scenario() {
        return Platform.getPreferencesService().getString(HucUi.ID, SCENARIO, "", null);
    }

    public static int instructionLimit() {
        return Platform.getPreferencesService().getInt(HucUi.ID, INSN_LIMIT, 0, null);
    }

    /** The defaults. */
    public static class Initializer extends AbstractPreferenceInitializer {
        @Override
        public void initializeDefaultPreferences() {
            IEclipsePreferences d = DefaultScope.INSTANCE.getNode(HucUi.ID);
            d.put(ENGINE, EngineKind.DEFAULT.toString());
            d.put(SCENARIO, "");
            d.putInt(INSN_LIMIT, 0);
        }
    }
}
