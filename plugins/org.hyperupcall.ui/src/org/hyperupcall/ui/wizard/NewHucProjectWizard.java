package org.hyperupcall.ui.wizard;

import java.lang.reflect.InvocationTargetException;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.ui.INewWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.actions.WorkspaceModifyOperation;
import org.eclipse.ui.dialogs.WizardNewProjectCreationPage;
import org.eclipse.ui.ide.IDE;
import org.hyperupcall.ui.HucUi;

/** File &gt; New &gt; Project… &gt; Hyperupcall &gt; HUC Project. */
public class NewHucProjectWizard extends Wizard implements INewWizard {
    private WizardNewProjectCreationPage page;
    private IWorkbench workbench;
    private IProject created;

    public NewHucProjectWizard() {
        setWindowTitle("New HUC Project");
        setNeedsProgressMonitor(true);
    }

    @Override
    public void init(IWorkbench w, IStructuredSelection selection) {
        this.workbench = w;
    }

    @Override
    public void addPages() {
        page = new WizardNewProjectCreationPage("hucProject");
        page.setTitle("HUC Project");
        page.setDescription("A project with the paper's four hyperupcalls (TLB shootdown, discard free memory, tracing, "
                + "protection) and a scenario file for each; HUC files are compiled and verified on save.");
        addPage(page);
    }

    /** The project the wizard created (null before Finish). */
    public IProject project() {
        return created;
    }

    @Override
    public boolean performFinish() {
        String name = page.getProjectName();
        IPath location = page.useDefaults() ? null : page.getLocationPath();
        try {
            getContainer().run(true, false, new WorkspaceModifyOperation() {
                @Override
                protected void execute(org.eclipse.core.runtime.IProgressMonitor monitor) throws CoreException {
                    created = HucProjects.create(name, location, monitor);
                }
            });
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause() == null ? e : e.getCause();
            MessageDialog.openError(getShell(), "New HUC Project", t.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        IFile first = created.getFile("tlb_shootdown.huc");
        if (first.exists() && workbench != null && workbench.getActiveWorkbenchWindow() != null) {
            try {
                IDE.openEditor(workbench.getActiveWorkbenchWindow().getActivePage(), first);
            } catch (PartInitException e) {
                HucUi.log("cannot open " + first, e);
            }
        }
        return true;
    }
}
