package org.hyperupcall.launch;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;

/** The bundle's log and statuses (the results view learns of finished runs through {@link HucLaunch#RESULT_LISTENERS}). */
final class Activator {
    private Activator() {
    }

    static void log(String message, Throwable t) {
        Platform.getLog(Activator.class).log(Status.error(message, t));
    }

    /** An error status of this bundle. */
    static IStatus error(String message) {
        return new Status(IStatus.ERROR, HucLaunch.PLUGIN_ID, message);
    }

    static CoreException failure(String message) {
        return new CoreException(error(message));
    }
}
