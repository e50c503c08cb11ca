package org.hyperupcall.launch;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.core.runtime.ListenerList;
import org.eclipse.core.runtime.PlatformObject;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.IStreamListener;
import org.eclipse.debug.core.model.IFlushableStreamMonitor;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.model.IStreamMonitor;
import org.eclipse.debug.core.model.IStreamsProxy2;

/**
 * A run of the simulator as the Debug and Console views see it: a process without an operating-system
 * process behind it, whose output and error streams are the lines the run prints. It terminates when
 * the run finishes, fails, or the user terminates it ({@link #terminate()} ends it at once; the
 * simulation it was waiting for is abandoned, see {@link HucLaunchDelegate}).
 */
public final class HucProcess extends PlatformObject implements IProcess {
    private final ILaunch launch;
    private final String label;
    private final Map<String, String> attributes = new HashMap<>();
    private final Stream out = new Stream();
    private final Stream err = new Stream();
    private final Streams streams = new Streams();
    private volatile Runnable onTerminate = () -> { };
    private boolean terminated;
    private int exitValue;

    /** A process of the launch with this label and attributes (its type: {@link HucLaunch#PROCESS_TYPE}), added to the launch. */
    public HucProcess(ILaunch launch, String label, Map<String, String> attributes) {
        this.launch = launch;
        this.label = label;
        this.attributes.putAll(attributes);
        this.attributes.put(ATTR_PROCESS_TYPE, HucLaunch.PROCESS_TYPE);
        launch.addProcess(this);
        fire(DebugEvent.CREATE);
    }

    /** What {@link #terminate()} does besides ending the process (cancel the run's job). */
    void onTerminate(Runnable r) {
        onTerminate = r;
    }

    /** Appends text to the output stream (the console shows it as it comes). */
    public void print(String text) {
        out.append(text);
    }

    public void println(String line) {
        out.append(line + "\n");
    }

    /** Appends a line to the error stream. */
    public void error(String line) {
        err.append(line + "\n");
    }

    /** Appends text to the error stream. */
    public void printError(String text) {
        err.append(text);
    }

    /**
     * Ends the process with an exit value, unless it has ended already.
     *
     * @return whether this call ended it
     */
    public boolean finish(int exit) {
        synchronized (this) {
            if (terminated) {
                return false;
            }
            terminated = true;
            exitValue = exit;
        }
        fire(DebugEvent.TERMINATE);
        return true;
    }

    @Override
    public String getLabel() {
        return label;
    }

    @Override
    public ILaunch getLaunch() {
        return launch;
    }

    @Override
    public IStreamsProxy2 getStreamsProxy() {
        return streams;
    }

    @Override
    public synchronized void setAttribute(String key, String value) {
        attributes.put(key, value);
    }

    @Override
    public synchronized String getAttribute(String key) {
        return attributes.get(key);
    }

    @Override
    public synchronized int getExitValue() throws DebugException {
        if (!terminated) {
            throw new DebugException(Activator.error(label + " has not terminated yet"));
        }
        return exitValue;
    }

    @Override
    public boolean canTerminate() {
        return !isTerminated();
    }

    @Override
    public synchronized boolean isTerminated() {
        return terminated;
    }

    @Override
    public void terminate() {
        if (isTerminated()) {
            return;
        }
        error("terminated: the rest of the simulation is abandoned, no result");
        if (finish(HucLaunch.EXIT_TERMINATED)) {
            onTerminate.run();
        }
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        if (adapter.isInstance(this)) {
            return adapter.cast(this);
        }
        if (adapter == ILaunch.class) {
            return adapter.cast(launch);
        }
        if (adapter == ILaunchConfiguration.class) {
            return adapter.cast(launch.getLaunchConfiguration());
        }
        return super.getAdapter(adapter);
    }

    private void fire(int kind) {
        DebugPlugin plugin = DebugPlugin.getDefault();
        if (plugin != null) {
            plugin.fireDebugEventSet(new DebugEvent[] {new DebugEvent(this, kind)});
        }
    }

    private final class Streams implements IStreamsProxy2 {
        @Override
        public IStreamMonitor getErrorStreamMonitor() {
            return err;
        }

        @Override
        public IStreamMonitor getOutputStreamMonitor() {
            return out;
        }

        /** A run reads no input: what is typed in the console is dropped. */
        @Override
        public void write(String input) {
        }

        @Override
        public void closeInputStream() {
        }
    }

    /**
     * One stream: listeners are told of each append under the stream's lock, which is also the lock
     * under which a console adds its listener and reads the contents so far, so it misses nothing.
     */
    private static final class Stream implements IFlushableStreamMonitor {
        private final ListenerList<IStreamListener> listeners = new ListenerList<>();
        private final StringBuilder contents = new StringBuilder();
        private boolean buffered = true;

        synchronized void append(String text) {
            if (buffered) {
                contents.append(text);
            }
            for (IStreamListener l : listeners) {
                l.streamAppended(text, this);
            }
        }

        @Override
        public synchronized void addListener(IStreamListener listener) {
            listeners.add(listener);
        }

        @Override
        public synchronized void removeListener(IStreamListener listener) {
            listeners.remove(listener);
        }

        @Override
        public synchronized String getContents() {
            return contents.toString();
        }

        @Override
        public synchronized void flushContents() {
            contents.setLength(0);
        }

        @Override
        public synchronized void setBuffered(boolean b) {
            buffered = b;
        }

        @Override
        public synchronized boolean isBuffered() {
            return buffered;
        }
    }
}
