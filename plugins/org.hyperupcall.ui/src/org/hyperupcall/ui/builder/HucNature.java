package org.hyperupcall.ui.builder;

import java.util.Arrays;

import org.eclipse.core.resources.ICommand;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IProjectNature;
import org.eclipse.core.runtime.CoreException;

/** The HUC project nature: it puts the HUC builder on the project. */
public class HucNature implements IProjectNature {
    public static final String ID = "org.hyperupcall.ui.hucNature";
    private IProject project;

    @Override
    public void configure() throws CoreException {
        IProjectDescription desc = project.getDescription();
        if (Arrays.stream(desc.getBuildSpec()).anyMatch(c -> HucBuilder.ID.equals(c.getBuilderName()))) {
            return;
        }
        ICommand[] spec = Arrays.copyOf(desc.getBuildSpec(), desc.getBuildSpec().length + 1);
        ICommand build = desc.newCommand();
        build.setBuilderName(HucBuilder.ID);
        spec[spec.length - 1] = build;
        desc.setBuildSpec(spec);
        project.setDescription(desc, null);
    }

    @Override
    public void deconfigure() throws CoreException {
        IProjectDescription desc = project.getDescription();
        desc.setBuildSpec(Arrays.stream(desc.getBuildSpec()).filter(c -> !HucBuilder.ID.equals(c.getBuilderName())).toArray(ICommand[]::new));
        project.setDescription(desc, null);
    }

    @Override
    public IProject getProject() {
        return project;
    }

    @Override
    public void setProject(IProject project) {
        this.project = project;
    }

    /** Adds the nature (and so the builder) to a project. */
    public static void add(IProject project) throws CoreException {
        IProjectDescription desc = project.getDescription();
        if (desc.hasNature(ID)) {
            return;
        }
        String[] natures = Arrays.copyOf(desc.getNatureIds(), desc.getNatureIds().length + 1);
        natures[natures.length - 1] = ID;
        desc.setNatureIds(natures);
        project.setDescription(desc, null);
    }
}
