package org.ikewb.ui.debug;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.eclipse.core.resources.IMarkerDelta;
import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.core.model.IDebugTarget;
import org.eclipse.debug.core.model.IMemoryBlock;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.model.IThread;
import org.ikewb.engine.Engine;
import org.ikewb.engine.StepController;
import org.ikewb.engine.TraceEvent;
import org.ikewb.protocol.ExchangeType;

/**
 * An IKEv2 exchange launch as Eclipse's Debug view sees it: one target with one thread (the IKE SA's
 * exchanges), suspended while the engine waits at a step point, with the paused message as its only
 * stack frame. Resume, Step Over (F6) and Terminate act on the engine's {@link StepController}, as the
 * sequence view's toolbar does; exchange breakpoints from the Breakpoints view pause a debug launch.
 */
public final class IkeDebugTarget extends IkeDebugElement implements IDebugTarget {

	/**
	 * What the sequence view does besides: its pause row and buttons follow a step or resume (the
	 * target drives the stepper itself), and Terminate closes the run's engines.
	 */
	public interface Controls {
		void pauseEnded();

		void terminate();
	}

	private final ILaunch launch;
	private final Engine engine;
	private final String name;
	private final Controls controls;
	private final IkeThread thread;
	private final boolean debug;
	private volatile StepController.Pause pause;
	private volatile boolean terminated;

	public IkeDebugTarget(ILaunch launch, Engine engine, String name, boolean debug, Controls controls) {
		super(null);
		this.launch = launch;
		this.engine = engine;
		this.name = name;
		this.debug = debug;
		this.controls = controls;
		this.thread = new IkeThread(this);
		engine.addListener(this::onEvent);
		if (debug) {
			DebugPlugin.getDefault().getBreakpointManager().addBreakpointListener(this);
			for (IBreakpoint b : DebugPlugin.getDefault().getBreakpointManager().getBreakpoints(MODEL)) {
				breakpointAdded(b);
			}
		}
		fireCreationEvent();
		thread.fireCreationEvent();
		// the run may already wait at its first step point: its Paused event went out before this
		// target listened (the launch starts the exchange, then makes the target)
		engine.stepper().current().ifPresent(p -> {
			if (pause == null) {
				pause = p;
				thread.fireSuspendEvent(DebugEvent.STEP_END);
			}
		});
	}

	/** Ends with the run: terminated once the exchange has completed or failed. */
	public void follow(CompletableFuture<?> run) {
		run.whenComplete((ok, error) -> ended());
	}

	private void onEvent(TraceEvent e) {
		if (e instanceof TraceEvent.Paused p) {
			pause = p.pause();
			boolean atBreakpoint = !engine.stepper().stepping();
			thread.fireSuspendEvent(atBreakpoint ? DebugEvent.BREAKPOINT : DebugEvent.STEP_END);
		} else if (e instanceof TraceEvent.Message && pause != null && engine.stepper().current().isEmpty()) {
			// stepped or resumed from the sequence view's toolbar: the Debug view follows
			pause = null;
			thread.fireResumeEvent(DebugEvent.CLIENT_REQUEST);
		}
	}

	/** The step point the exchange waits at, if any. */
	Optional<StepController.Pause> pause() {
		return terminated ? Optional.empty() : Optional.ofNullable(pause).filter(p -> engine.stepper().current().isPresent());
	}

	/** On any thread (the debug commands run in jobs): the engine's stepper is thread-safe; the view follows its trace. */
	void step() {
		pause = null;
		thread.fireResumeEvent(DebugEvent.STEP_OVER);
		controls.pauseEnded();
		engine.stepper().step();
	}

	@Override
	public void resume() {
		pause = null;
		thread.fireResumeEvent(DebugEvent.CLIENT_REQUEST);
		controls.pauseEnded();
		engine.stepper().resume();
	}

	@Override
	public void terminate() {
		controls.terminate();
		ended();
	}

	/** The engines closed (the view terminated the run, or a new launch replaced it). */
	public void engineClosed() {
		ended();
	}

	private void ended() {
		if (terminated) {
			return;
		}
		terminated = true;
		pause = null;
		if (debug) {
			DebugPlugin.getDefault().getBreakpointManager().removeBreakpointListener(this);
		}
		thread.fireTerminateEvent();
		fireTerminateEvent();
	}

	@Override
	public IDebugTarget getDebugTarget() {
		return this;
	}

	@Override
	public ILaunch getLaunch() {
		return launch;
	}

	@Override
	public String getName() {
		return name;
	}

	@Override
	public IProcess getProcess() {
		return null;
	}

	@Override
	public IThread[] getThreads() {
		return terminated ? new IThread[0] : new IThread[] { thread };
	}

	@Override
	public boolean hasThreads() {
		return !terminated;
	}

	@Override
	public boolean supportsBreakpoint(IBreakpoint breakpoint) {
		return breakpoint instanceof ExchangeBreakpoint;
	}

	@Override
	public boolean canTerminate() {
		return !terminated;
	}

	@Override
	public boolean isTerminated() {
		return terminated;
	}

	@Override
	public boolean canResume() {
		return pause().isPresent();
	}

	@Override
	public boolean canSuspend() {
		return false; // an exchange pauses at its step points and breakpoints, not at any instant
	}

	@Override
	public boolean isSuspended() {
		return pause().isPresent();
	}

	@Override
	public void suspend() throws DebugException {
		throw notSupported("Suspending at any instant");
	}

	@Override
	public void breakpointAdded(IBreakpoint breakpoint) {
		if (breakpoint instanceof ExchangeBreakpoint b) {
			apply(b);
		}
	}

	@Override
	public void breakpointRemoved(IBreakpoint breakpoint, IMarkerDelta delta) {
		if (breakpoint instanceof ExchangeBreakpoint b) {
			b.exchangeType().ifPresent(engine.stepper()::removeBreakpoint);
		}
	}

	@Override
	public void breakpointChanged(IBreakpoint breakpoint, IMarkerDelta delta) {
		if (breakpoint instanceof ExchangeBreakpoint b) {
			apply(b);
		}
	}

	private void apply(ExchangeBreakpoint b) {
		Optional<ExchangeType> type = b.exchangeType();
		if (type.isEmpty()) {
			return;
		}
		boolean on;
		try {
			on = b.isEnabled() && DebugPlugin.getDefault().getBreakpointManager().isEnabled();
		} catch (org.eclipse.core.runtime.CoreException e) {
			on = false;
		}
		if (on) {
			engine.stepper().addBreakpoint(type.get());
		} else {
			engine.stepper().removeBreakpoint(type.get());
		}
	}

	@Override
	public boolean canDisconnect() {
		return false;
	}

	@Override
	public void disconnect() throws DebugException {
		throw notSupported("Disconnecting");
	}

	@Override
	public boolean isDisconnected() {
		return false;
	}

	@Override
	public boolean supportsStorageRetrieval() {
		return false;
	}

	@Override
	public IMemoryBlock getMemoryBlock(long startAddress, long length) throws DebugException {
		throw notSupported("Memory");
	}
}
