package org.hyperupcall.ui.wizard;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.hyperupcall.hypervisor.Scenario;
import org.hyperupcall.hypervisor.ScenarioFiles;
import org.hyperupcall.hypervisor.Scenarios;
import org.hyperupcall.ui.HucUi;
import org.hyperupcall.ui.builder.HucNature;

/**
 * A new HUC project: the HUC nature (so the builder compiles and verifies on save), the paper's
 * four example hyperupcalls and a scenario file for each use case under {@code scenarios/}.
 */
public final class HucProjects {
    private HucProjects() {
    }

    /** Creates and opens the project ({@code location} null: in the workspace), builds it, and returns it. */
    public static IProject create(String name, IPath location, IProgressMonitor monitor) throws CoreException {
        SubMonitor sub = SubMonitor.convert(monitor, "Creating HUC project " + name, 10);
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
        if (project.exists()) {
            throw new CoreException(Status.error("a project named '" + name + "' already exists"));
        }
        IProjectDescription desc = ResourcesPlugin.getWorkspace().newProjectDescription(name);
        desc.setLocation(location);
        project.create(desc, sub.split(1));
        project.open(sub.split(1));
        HucNature.add(project);
        for (String example : examples()) {
            IFile f = project.getFile(example.substring(example.lastIndexOf('/') + 1));
            try (InputStream in = entry(example).openStream()) {
                f.create(in, IResource.FORCE, sub.split(1));
            } catch (IOException e) {
                throw new CoreException(Status.error("cannot copy the example " + example + ": " + e.getMessage(), e));
            }
        }
        IFolder scenarios = project.getFolder("scenarios");
        scenarios.create(IResource.FORCE, true, sub.split(1));
        for (Scenario s : Scenarios.all()) {
            String text = ScenarioFiles.write(Scenarios.defaults(s.name()), s.description());
            scenarios.getFile(s.name() + ".json").create(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), IResource.FORCE, null);
        }
        project.build(org.eclipse.core.resources.IncrementalProjectBuilder.FULL_BUILD, sub.split(3));
        return project;
    }

    /** The bundled examples (paths inside the bundle), sorted. */
    public static List<String> examples() {
        List<String> out = new ArrayList<>();
        Enumeration<URL> e = Platform.getBundle(HucUi.ID).findEntries("examples", "*.huc", false);
        for (URL u : e == null ? Collections.<URL>emptyList() : Collections.list(e)) {
            out.add(u.getPath().replaceFirst("^/", ""));
        }
        Collections.sort(out);
        return out;
    }

    private static URL entry(String path) {
        return Platform.getBundle(HucUi.ID).getEntry(path);
    }
}
