package org.hyperupcall.ui;

import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.ui.plugin.AbstractUIPlugin;
import org.osgi.framework.BundleContext;

/**
 * The HUC editor's bundle: it owns the in-process language session that every open HUC editor
 * shares (started on first use, stopped with the bundle).
 */
public class HucUi extends AbstractUIPlugin {
    public static final String ID = "org.hyperupcall.ui";
    /** The content type of HUC sources ({@code *.huc}). */
    public static final String CONTENT_TYPE = "org.hyperupcall.ui.huc";
    private static volatile HucUi instance;
    private volatile HucLanguageSession session;

    @Override
    public void start(BundleContext context) throws Exception {
        super.start(context);
        instance = this;
    }

    @Override
    public void stop(BundleContext context) throws Exception {
        HucLanguageSession s = session;
        session = null;
        if (s != null) {
            s.shutdown();
        }
        instance = null;
        super.stop(context);
    }

    public static HucUi get() {
        return instance;
    }

    /** The language session of the workspace, started on first use. */
    public static HucLanguageSession session() {
        HucUi ui = instance;
        if (ui == null) {
            throw new IllegalStateException(ID + " is not active");
        }
        HucLanguageSession s = ui.session;
        if (s == null) {
            synchronized (ui) {
                s = ui.session;
                if (s == null) {
                    s = HucLanguageSession.start(ResourcesPlugin.getWorkspace().getRoot().getLocationURI().toString());
                    ui.session = s;
                }
            }
        }
        return s;
    }

    public static void log(String message, Throwable t) {
        ILog.of(HucUi.class).log(new Status(IStatus.ERROR, ID, message, t));
    }
}
