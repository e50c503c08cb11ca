package org.hyperupcall.launch.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.eclipse.core.resources.IFile;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.hyperupcall.launch.HucLaunch;
import org.hyperupcall.launch.ui.HucMainTab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Main tab as in the launch configuration dialog: what it shows, what it says is wrong, what it saves. */
class MainTabTest {
    private Shell shell;
    private HucMainTab tab;
    private ILaunchConfigurationWorkingCopy wc;

    @BeforeEach
    void open() throws Exception {
        IFile file = Fixture.copyExample("protect_kernel.huc");
        ILaunchConfiguration c = Fixture.configuration("tab", file.getFullPath().toString(), "protection", Map.of());
        wc = c.getWorkingCopy();
        shell = new Shell(Display.getCurrent());
        tab = new HucMainTab();
        tab.createControl(shell);
        tab.initializeFrom(wc);
        shell.pack();
    }

    @AfterEach
    void close() {
        tab.dispose();
        shell.dispose();
    }

    private <T extends Control> T field(Class<T> type, String name) {
        T found = find((Composite) tab.getControl(), type, name);
        assertTrue(found != null, "the tab has a field " + name);
        return found;
    }

    private static <T extends Control> T find(Composite parent, Class<T> type, String name) {
        for (Control c : parent.getChildren()) {
            if (type.isInstance(c) && name.equals(c.getData(HucMainTab.FIELD))) {
                return type.cast(c);
            }
            if (c instanceof Composite k) {
                T t = find(k, type, name);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    @Test
    void aValidConfigurationHasNoErrorAndShowsItsValues() {
        assertTrue(tab.isValid(wc), tab.getErrorMessage());
        assertNull(tab.getErrorMessage());
        assertEquals("/launch-tests/protect_kernel.huc", field(Text.class, "program").getText());
        assertEquals("protection", field(Combo.class, "scenario").getText());
        assertEquals("", field(Text.class, "seed").getText());
    }

    @Test
    void theTabRejectsASeedThatIsNotAnInteger() {
        field(Text.class, "seed").setText("abc");

        assertFalse(tab.isValid(wc));
        assertEquals("Seed must be an integer, not 'abc' (empty: the scenario's seed)", tab.getErrorMessage());

        field(Text.class, "seed").setText("42");
        assertTrue(tab.isValid(wc), tab.getErrorMessage());
        assertNull(tab.getErrorMessage());
    }

    @Test
    void theTabRejectsAMissingFileAnUnknownScenarioAndABadDuration() {
        field(Text.class, "program").setText("/launch-tests/nothing_here.huc");
        assertFalse(tab.isValid(wc));
        assertEquals("Program /launch-tests/nothing_here.huc: no such file in the workspace or on disk", tab.getErrorMessage());

        field(Text.class, "program").setText("/launch-tests/protect_kernel.huc");
        field(Combo.class, "scenario").setText("no-such-scenario");
        assertFalse(tab.isValid(wc));
        assertTrue(tab.getErrorMessage().startsWith("Unknown scenario 'no-such-scenario' (scenarios: tlb-shootdown, discard-free, tracing, "
                + "protection"), tab.getErrorMessage());

        field(Combo.class, "scenario").setText("tracing");
        field(Text.class, "duration").setText("-3");
        assertFalse(tab.isValid(wc));
        assertEquals("Duration (ms): must be a number more than 0 and at most 100000, not -3", tab.getErrorMessage());
    }

    @Test
    void theEntryPointListHasTheFilesEntryPointsAndTheChoiceIsSaved() throws Exception {
        Combo entry = field(Combo.class, "entryPoint");
        assertArrayEquals(new String[] {"All entry points of the file", "protect_mapping (page_mapping)", "check_write_protect (vm_exit)"},
                entry.getItems());
        assertEquals(0, entry.getSelectionIndex());

        entry.select(2);
        field(Combo.class, "engine").select(2);
        field(Text.class, "seed").setText("9");
        tab.performApply(wc);

        assertEquals("check_write_protect", wc.getAttribute(HucLaunch.ATTR_ENTRY_POINT, ""));
        assertEquals("interp", wc.getAttribute(HucLaunch.ATTR_ENGINE, ""));
        assertEquals("9", wc.getAttribute(HucLaunch.ATTR_SEED, ""));
        assertEquals("protect_kernel.huc", wc.getMappedResources()[0].getName());
    }
}
