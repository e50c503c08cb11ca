package org.hyperupcall.launch.ui;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.ILaunchShortcut2;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PlatformUI;
import org.hyperupcall.launch.HucLaunch;
import org.hyperupcall.launch.LaunchSettings;

/**
 * Run As &gt; Hyperupcall on a .huc file or in its editor: runs the file's configuration, creating one
 * (named after the file, every entry point, the scenario that matches the entry points' events) the
 * first time.
 */
public class HucLaunchShortcut implements ILaunchShortcut2 {

    @Override
    public void launch(ISelection selection, String mode) {
        IResource r = getLaunchableResource(selection);
        if (r instanceof IFile f) {
            launch(f, mode);
        }
    }

    @Override
    public void launch(IEditorPart editor, String mode) {
        IResource r = getLaunchableResource(editor);
        if (r instanceof IFile f) {
            launch(f, mode);
        }
    }

    private void launch(IFile file, String mode) {
        try {
            DebugUITools.launch(configurationFor(file), mode);
        } catch (CoreException e) {
            ErrorDialog.openError(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), "Hyperupcall",
                    "Cannot create a launch configuration for " + file.getFullPath(), e.getStatus());
        }
    }

    /** The file's first Hyperupcall configuration, or a new saved one with the file's default scenario. */
    public static ILaunchConfiguration configurationFor(IFile file) throws CoreException {
        List<ILaunchConfiguration> existing = configurations(file);
        if (!existing.isEmpty()) {
            return existing.get(0);
        }
        ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
        ILaunchConfigurationType type = manager.getLaunchConfigurationType(HucLaunch.TYPE_ID);
        ILaunchConfigurationWorkingCopy wc = type.newInstance(null, manager.generateLaunchConfigurationName(file.getName()));
        wc.setAttribute(HucLaunch.ATTR_PROGRAM, file.getFullPath().toString());
        wc.setAttribute(HucLaunch.ATTR_ENTRY_POINT, "");
        wc.setAttribute(HucLaunch.ATTR_SCENARIO, LaunchSettings.defaultScenario(file));
        wc.setAttribute(HucLaunch.ATTR_ENGINE, LaunchSettings.preferredEngine());
        wc.setAttribute(HucLaunch.ATTR_SEED, "");
        wc.setAttribute(HucLaunch.ATTR_DURATION_MS, "");
        wc.setMappedResources(new IResource[] {file});
        return wc.doSave();
    }

    /** The Hyperupcall configurations whose program is this file. */
    static List<ILaunchConfiguration> configurations(IFile file) throws CoreException {
        ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
        List<ILaunchConfiguration> found = new ArrayList<>();
        String path = file.getFullPath().toString();
        for (ILaunchConfiguration c : manager.getLaunchConfigurations(manager.getLaunchConfigurationType(HucLaunch.TYPE_ID))) {
            if (path.equals(c.getAttribute(HucLaunch.ATTR_PROGRAM, ""))) {
                found.add(c);
            }
        }
        return found;
    }

    @Override
    public ILaunchConfiguration[] getLaunchConfigurations(ISelection selection) {
        return configurationsOf(getLaunchableResource(selection));
    }

    @Override
    public ILaunchConfiguration[] getLaunchConfigurations(IEditorPart editor) {
        return configurationsOf(getLaunchableResource(editor));
    }

    private static ILaunchConfiguration[] configurationsOf(IResource r) {
        if (r instanceof IFile f) {
            try {
                return configurations(f).toArray(ILaunchConfiguration[]::new);
            } catch (CoreException e) {
                return null;
            }
        }
        return null;
    }

    @Override
    public IResource getLaunchableResource(ISelection selection) {
        if (selection instanceof IStructuredSelection s && s.size() == 1) {
            return huc(Adapters.adapt(s.getFirstElement(), IFile.class));
        }
        return null;
    }

    @Override
    public IResource getLaunchableResource(IEditorPart editor) {
        return editor == null ? null : huc(Adapters.adapt(editor.getEditorInput(), IFile.class));
    }

    private static IFile huc(IFile f) {
        return f != null && "huc".equals(f.getFileExtension()) ? f : null;
    }
}
