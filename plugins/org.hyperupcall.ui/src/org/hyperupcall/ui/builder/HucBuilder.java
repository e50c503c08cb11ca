package org.hyperupcall.ui.builder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.hyperupcall.lang.HucRule;
import org.hyperupcall.abi.GuestLayout;
import org.hyperupcall.abi.ProgramType;
import org.hyperupcall.lang.IncludeResolver;
import org.hyperupcall.lang.SourceDiagnostic;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.CompiledProgram;
import org.hyperupcall.lang.compiler.Compiler;
import org.hyperupcall.ui.HucUi;
import org.hyperupcall.ui.prefs.HucPreferences;

/**
 * The HUC project builder: on save (and on a full build) each {@code *.huc} file is compiled as
 * {@code huc compile} does, to {@code NAME.o} beside it (a derived file), and verified as
 * {@code huc verify} does, against the default guest; every diagnostic becomes a problem marker
 * (Problems view) with its rule id. A changed header rebuilds the project's HUC files.
 */
public class HucBuilder extends IncrementalProjectBuilder {
    public static final String ID = "org.hyperupcall.ui.hucBuilder";
    /** Problem markers of HUC files; attribute {@link #RULE} holds the rule id. */
    public static final String MARKER = "org.hyperupcall.ui.problem";
    public static final String RULE = "rule";

    @Override
    protected IProject[] build(int kind, Map<String, String> args, IProgressMonitor monitor) throws CoreException {
        IResourceDelta delta = kind == FULL_BUILD ? null : getDelta(getProject());
        List<IFile> files = new ArrayList<>();
        boolean[] all = {delta == null};
        if (delta != null) {
            delta.accept(d -> {
                if (d.getResource() instanceof IFile f) {
                    if ("huc".equals(f.getFileExtension()) && d.getKind() != IResourceDelta.REMOVED) {
                        files.add(f);
                    } else if ("h".equals(f.getFileExtension())) {
                        all[0] = true;
                    } else if ("huc".equals(f.getFileExtension())) {
                        deleteObject(f);
                    }
                }
                return true;
            });
        }
        if (all[0]) {
            files.clear();
            getProject().accept(r -> {
                if (r instanceof IFile f && "huc".equals(f.getFileExtension())) {
                    files.add(f);
                }
                return true;
            });
        }
        for (IFile f : files) {
            if (monitor != null && monitor.isCanceled()) {
                break;
            }
            build(f);
        }
        return null;
    }

    @Override
    protected void clean(IProgressMonitor monitor) throws CoreException {
        getProject().deleteMarkers(MARKER, true, IResource.DEPTH_INFINITE);
        getProject().accept(r -> {
            if (r instanceof IFile f && "huc".equals(f.getFileExtension())) {
                deleteObject(f);
            }
            return true;
        });
    }

    /** Compiles, verifies and marks one file; writes its object when it compiles. */
    public static void build(IFile file) throws CoreException {
        file.deleteMarkers(MARKER, true, IResource.DEPTH_ZERO);
        if (!file.exists()) {
            return;
        }
        String text;
        try (InputStream in = file.getContents(true)) {
            text = new String(in.readAllBytes(), Charset.forName(file.getCharset()));
        } catch (IOException e) {
            throw new CoreException(Status.error(file.getFullPath() + ": cannot read: " + e.getMessage(), e));
        }
        String path = file.getLocation() == null ? file.getFullPath().toString() : file.getLocation().toOSString();
        Compilation c = Compiler.compile(path, text, IncludeResolver.files());
        List<SourceDiagnostic> found = new ArrayList<>(c.diagnostics());
        if (c.ok()) {
            int limit = HucPreferences.instructionLimit();
            for (CompiledProgram p : c.programs()) {
                found.addAll(p.verifyIn(GuestLayout.defaults()));
                int abiLimit = ProgramType.of(p.event()).instructionLimit();
                if (limit > 0 && limit < abiLimit && p.size() > limit) {
                    int line = java.util.Arrays.stream(p.sourceLines()).filter(l -> l > 0).min().orElse(1);
                    found.add(new SourceDiagnostic(path, line, 0, true, "entry point '" + p.function() + "' has " + p.size()
                            + " instructions, more than the project's limit of " + limit + " (preferences; the ABI allows " + abiLimit + ")",
                            HucRule.INSN_LIMIT.id()));
                }
            }
        }
        for (SourceDiagnostic d : found) {
            mark(file, path, text, d);
        }
        IFile object = objectOf(file);
        if (c.ok()) {
            ByteArrayInputStream bytes = new ByteArrayInputStream(c.elf());
            if (object.exists()) {
                object.setContents(bytes, IResource.FORCE, null);
            } else {
                object.create(bytes, IResource.FORCE | IResource.DERIVED, null);
            }
            object.setDerived(true, null);
        } else {
            deleteObject(file);
        }
    }

    /** NAME.o beside NAME.huc. */
    public static IFile objectOf(IFile huc) {
        return huc.getParent().getFile(new org.eclipse.core.runtime.Path(huc.getName().replaceFirst("\\.huc$", "") + ".o"));
    }

    private static void deleteObject(IFile huc) throws CoreException {
        IFile o = objectOf(huc);
        if (o.exists() && o.isDerived()) {
            o.delete(true, null);
        }
    }

    private static void mark(IFile file, String path, String text, SourceDiagnostic d) throws CoreException {
        IFile target = file;
        String targetText = text;
        String message = d.message();
        if (d.file() != null && !d.file().equals(path) && !java.nio.file.Path.of(d.file()).toAbsolutePath().normalize()
                .equals(java.nio.file.Path.of(path).toAbsolutePath().normalize())) {
            IFile[] in = file.getWorkspace().getRoot().findFilesForLocationURI(java.nio.file.Path.of(d.file()).toAbsolutePath().toUri());
            if (in.length > 0) {
                target = in[0];
                targetText = null;
            } else {
                message = d.file() + ":" + d.line() + ": " + message;
            }
        }
        IMarker m = target.createMarker(MARKER);
        int line = Math.max(1, d.line());
        m.setAttribute(IMarker.MESSAGE, message + (d.rule() == null || d.rule().isEmpty() ? "" : " [" + d.rule() + "]"));
        m.setAttribute(IMarker.SEVERITY, d.error() ? IMarker.SEVERITY_ERROR : IMarker.SEVERITY_WARNING);
        m.setAttribute(IMarker.LINE_NUMBER, line);
        m.setAttribute(RULE, d.rule() == null ? "" : d.rule());
        m.setAttribute(IMarker.SOURCE_ID, HucUi.ID);
        if (targetText != null) {
            int[] span = span(targetText, line, d.column());
            if (span != null) {
                m.setAttribute(IMarker.CHAR_START, span[0]);
                m.setAttribute(IMarker.CHAR_END, span[1]);
            }
        }
    }

    /** The marked characters: from the column (or the line's first non-blank) to the end of the word there, else of the line. */
    static int[] span(String text, int line, int column) {
        int start = 0;
        for (int l = 1; l < line; l++) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                return null;
            }
            start = nl + 1;
        }
        int end = text.indexOf('\n', start);
        end = end < 0 ? text.length() : end;
        int from = start;
        if (column > 0 && start + column - 1 <= end) {
            from = start + column - 1;
        } else {
            while (from < end && Character.isWhitespace(text.charAt(from))) {
                from++;
            }
            return new int[] {from, Math.max(from, end)};
        }
        int to = from;
        while (to < end && Character.isJavaIdentifierPart(text.charAt(to))) {
            to++;
        }
        return new int[] {from, to > from ? to : Math.min(end, from + 1)};
    }
}
