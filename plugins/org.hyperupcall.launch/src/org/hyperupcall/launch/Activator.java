package org.hyperupcall.launch;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.hyperupcall.launch.ui.ResultsView;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Starts with the first use of the bundle: from then on, each finished run is shown in the results view. */
public final class Activator implements BundleActivator {
    private final HucLaunch.ResultListener showResults = ResultsView::showLater;

    @Override
    public void start(BundleContext context) {
        HucLaunch.addResultListener(showResults);
    }

    @Override
    public void stop(BundleContext context) {
        HucLaunch.removeResultListener(showResults);
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
