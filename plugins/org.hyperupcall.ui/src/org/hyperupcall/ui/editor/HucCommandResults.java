package org.hyperupcall.ui.editor;

import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.lsp4j.Command;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.hyperupcall.ui.HucUi;

/**
 * Runs a command of the language server that a user started from the editor (a code mining's
 * click, a quick fix: the path to a verifier rejection, "run it") in the background, and shows its
 * answer's text in a dialog.
 */
public final class HucCommandResults {
    private HucCommandResults() {
    }

    /** The text of a command's answer: its "text", or its "error", or that there was none. */
    public static String text(Object answer) {
        if (answer instanceof Map<?, ?> m) {
            Object t = m.get("text") != null ? m.get("text") : m.get("error");
            if (t != null) {
                return HucDocuments.plain(String.valueOf(t));
            }
        }
        return answer == null ? "The language server did not answer." : String.valueOf(answer);
    }

    /** Runs the command in a job; its answer in a dialog titled {@code title}. */
    public static void run(Command command, String title) {
        Job job = new Job(title) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                String text = text(HucUi.session().execute(command));
                Display display = Display.getDefault();
                display.asyncExec(() -> {
                    Shell shell = display.getActiveShell();
                    MessageDialog.openInformation(shell, title, text);
                });
                return Status.OK_STATUS;
            }
        };
        job.setUser(true);
        job.schedule();
    }
}
