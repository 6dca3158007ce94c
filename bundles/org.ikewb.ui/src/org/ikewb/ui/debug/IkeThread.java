package org.ikewb.ui.debug;

import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IBreakpoint;
import org.eclipse.debug.core.model.IStackFrame;
import org.eclipse.debug.core.model.IThread;

/** The exchanges of the launched IKE SA (and its rekeyed successors): one thread, stepped message by message. */
final class IkeThread extends IkeDebugElement implements IThread {

	private final IkeDebugTarget target;

	IkeThread(IkeDebugTarget target) {
		super(target);
		this.target = target;
	}

	@Override
	public IStackFrame[] getStackFrames() {
		return target.pause().<IStackFrame[]>map(p -> new IStackFrame[] { new PausedMessageFrame(this, p) })
				.orElse(new IStackFrame[0]);
	}

	@Override
	public boolean hasStackFrames() {
		return isSuspended();
	}

	@Override
	public int getPriority() {
		return 0;
	}

	@Override
	public IStackFrame getTopStackFrame() {
		IStackFrame[] frames = getStackFrames();
		return frames.length == 0 ? null : frames[0];
	}

	@Override
	public String getName() {
		return target.pause().map(p -> String.format("IKE SA %016x (paused %s)", p.initiatorSpi(), p))
				.orElse(isTerminated() ? "IKE exchanges (ended)" : "IKE exchanges (running)");
	}

	@Override
	public IBreakpoint[] getBreakpoints() {
		return new IBreakpoint[0];
	}

	@Override
	public boolean canResume() {
		return target.canResume();
	}

	@Override
	public boolean canSuspend() {
		return false;
	}

	@Override
	public boolean isSuspended() {
		return target.isSuspended();
	}

	@Override
	public void resume() {
		target.resume();
	}

	@Override
	public void suspend() throws DebugException {
		target.suspend();
	}

	@Override
	public boolean canStepInto() {
		return false;
	}

	@Override
	public boolean canStepOver() {
		return isSuspended();
	}

	@Override
	public boolean canStepReturn() {
		return false;
	}

	@Override
	public boolean isStepping() {
		return false;
	}

	@Override
	public void stepInto() throws DebugException {
		throw notSupported("Step Into");
	}

	/** To the next step point: the next message sent or received (F6). */
	@Override
	public void stepOver() {
		target.step();
	}

	@Override
	public void stepReturn() throws DebugException {
		throw notSupported("Step Return");
	}

	@Override
	public boolean canTerminate() {
		return target.canTerminate();
	}

	@Override
	public boolean isTerminated() {
		return target.isTerminated();
	}

	@Override
	public void terminate() {
		target.terminate();
	}
}
