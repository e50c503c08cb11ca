package org.hyperupcall.launch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.jface.viewers.StructuredSelection;
import org.hyperupcall.launch.EntryPoints;
import org.hyperupcall.launch.HucLaunch;
import org.hyperupcall.launch.ui.HucLaunchShortcut;
import org.junit.jupiter.api.Test;

/** Run As > Hyperupcall: the configuration it makes for a file, and the entry points it sees in the text. */
class ShortcutTest {

    @Test
    void theShortcutGivesEachExampleTheScenarioOfItsEventsAndReusesItsConfiguration() throws Exception {
        for (String[] x : List.of(new String[] {"trace_exits.huc", "tracing"}, new String[] {"protect_kernel.huc", "protection"},
                new String[] {"tlb_shootdown.huc", "tlb-shootdown"}, new String[] {"discard_free.huc", "discard-free"})) {
            IFile file = Fixture.copyExample(x[0]);
            for (ILaunchConfiguration old : DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurations()) {
                if (old.getAttribute(HucLaunch.ATTR_PROGRAM, "").equals(file.getFullPath().toString())) {
                    old.delete(); // made by other tests
                }
            }
            ILaunchConfiguration c = HucLaunchShortcut.configurationFor(file);
            assertEquals(file.getFullPath().toString(), c.getAttribute(HucLaunch.ATTR_PROGRAM, ""));
            assertEquals(x[1], c.getAttribute(HucLaunch.ATTR_SCENARIO, ""), x[0]);
            assertEquals("", c.getAttribute(HucLaunch.ATTR_ENTRY_POINT, "?"));
            assertEquals(HucLaunch.TYPE_ID, c.getType().getIdentifier());
            assertEquals(c, HucLaunchShortcut.configurationFor(file), "the second Run As reuses the configuration");
        }
    }

    @Test
    void theShortcutOffersItselfForHucFilesOnly() throws Exception {
        HucLaunchShortcut shortcut = new HucLaunchShortcut();
        IFile huc = Fixture.copyExample("trace_exits.huc");
        IFile json = Fixture.write("other.json", "{}");
        assertEquals(huc, shortcut.getLaunchableResource(new StructuredSelection(huc)));
        assertNull(shortcut.getLaunchableResource(new StructuredSelection(json)));
    }

    @Test
    void entryPointsAreFoundInTextThatDoesNotCompileAndNotInComments() {
        String text = """
                #include "hyperupcall.h"
                /* SEC("hyperupcall/tlb_shootdown") long commented(void *c) { } */
                // SEC("hyperupcall/page_reclaim") long also_commented(void *c)
                SEC("hyperupcall/page_mapping")
                static long
                first(struct hup_page_mapping_ctx *ctx) { return oops oops; }

                SEC("hyperupcall/vm_exit") long second(struct hup_vm_exit_ctx *ctx) { return 0; }
                """;
        assertEquals(List.of(new EntryPoints.EntryPoint("first", "page_mapping", 4), new EntryPoints.EntryPoint("second", "vm_exit", 8)),
                EntryPoints.scan(text));
        assertEquals("protection", EntryPoints.scenarioForText(text));
        assertEquals("tracing", EntryPoints.scenarioFor(List.of("vm_exit")));
        assertEquals("protection", EntryPoints.scenarioFor(List.of("page_mapping")));
        assertEquals("tlb-shootdown", EntryPoints.scenarioFor(List.of()));
    }
}
