package org.hyperupcall.ui.prefs;

import org.eclipse.jface.preference.ComboFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;
import org.eclipse.jface.preference.RadioGroupFieldEditor;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.eclipse.ui.preferences.ScopedPreferenceStore;
import org.hyperupcall.ebpf.EngineKind;
import org.hyperupcall.hypervisor.Scenario;
import org.hyperupcall.hypervisor.Scenarios;
import org.hyperupcall.ui.HucUi;

/** Window &gt; Preferences &gt; Hyperupcall. */
public class HucPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {
    public HucPreferencePage() {
        super(GRID);
        setDescription("Hyperupcall Studio: how HUC files are built and run.");
    }

    @Override
    public void init(IWorkbench workbench) {
        setPreferenceStore(new ScopedPreferenceStore(org.eclipse.core.runtime.preferences.InstanceScope.INSTANCE, HucUi.ID));
    }

    @Override
    protected void createFieldEditors() {
        addField(new RadioGroupFieldEditor(HucPreferences.ENGINE, "Engine of new launch configurations", 2,
                new String[][] {{"JIT", EngineKind.JIT.toString()}, {"Interpreter", EngineKind.INTERP.toString()}}, getFieldEditorParent(), true));
        String[][] scenarios = new String[Scenarios.all().size() + 1][];
        scenarios[0] = new String[] {"(chosen from the file's events)", ""};
        int i = 1;
        for (Scenario s : Scenarios.all()) {
            scenarios[i++] = new String[] {s.name(), s.name()};
        }
        addField(new ComboFieldEditor(HucPreferences.SCENARIO, "Default scenario", scenarios, getFieldEditorParent()));
        IntegerFieldEditor limit = new IntegerFieldEditor(HucPreferences.INSN_LIMIT,
                "Instruction limit per entry point (0: the ABI's, 4096)", getFieldEditorParent());
        limit.setValidRange(0, 1_000_000);
        addField(limit);
    }
}
