package org.ikewb.ui.debug;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IRegisterGroup;
import org.eclipse.debug.core.model.IStackFrame;
import org.eclipse.debug.core.model.IThread;
import org.eclipse.debug.core.model.IVariable;
import org.ikewb.engine.StepController;
import org.ikewb.protocol.DecodedDatagram;
import org.ikewb.protocol.DecodedMessage;
import org.ikewb.protocol.WireField;

/**
 * The message an exchange is paused at, as a stack frame: its header fields and payloads are the
 * Variables view's variables (the decoder's fields, decrypted payloads included), so a person reads
 * what is about to be sent — or what just arrived — before the engine acts on it.
 */
final class PausedMessageFrame extends IkeDebugElement implements IStackFrame {

	private final IkeThread thread;
	private final StepController.Pause pause;

	PausedMessageFrame(IkeThread thread, StepController.Pause pause) {
		super(thread.getDebugTarget());
		this.thread = thread;
		this.pause = pause;
	}

	@Override
	public String getName() {
		return pause.toString();
	}

	@Override
	public IVariable[] getVariables() {
		DecodedMessage m = pause.message();
		if (m == null) {
			return new IVariable[0];
		}
		List<IVariable> out = new ArrayList<>();
		int n = m.datagrams().size();
		for (int d = 0; d < n; d++) {
			DecodedDatagram datagram = m.datagrams().get(d);
			if (n > 1) {
				out.add(new FieldVariable(getDebugTarget(), new WireField("fragment datagram " + (d + 1) + " of " + n,
						datagram.bytes().length() + " octets", 0, datagram.bytes().length(), datagram.fields())));
			} else {
				datagram.fields().forEach(f -> out.add(new FieldVariable(getDebugTarget(), f)));
			}
		}
		if (!m.innerFields().isEmpty()) {
			out.add(new FieldVariable(getDebugTarget(), new WireField("decrypted payloads",
					m.plaintext().length() + " octets", 0, m.plaintext().length(), m.innerFields())));
		}
		return out.toArray(IVariable[]::new);
	}

	@Override
	public boolean hasVariables() {
		return pause.message() != null;
	}

	@Override
	public IThread getThread() {
		return thread;
	}

	@Override
	public int getLineNumber() {
		return -1;
	}

	@Override
	public int getCharStart() {
		return -1;
	}

	@Override
	public int getCharEnd() {
		return -1;
	}

	@Override
	public IRegisterGroup[] getRegisterGroups() {
		return new IRegisterGroup[0];
	}

	@Override
	public boolean hasRegisterGroups() {
		return false;
	}

	@Override
	public boolean canStepInto() {
		return false;
	}

	@Override
	public boolean canStepOver() {
		return thread.canStepOver();
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
		thread.stepInto();
	}

	@Override
	public void stepOver() {
		thread.stepOver();
	}

	@Override
	public void stepReturn() throws DebugException {
		thread.stepReturn();
	}

	@Override
	public boolean canResume() {
		return thread.canResume();
	}

	@Override
	public boolean canSuspend() {
		return false;
	}

	@Override
	public boolean isSuspended() {
		return thread.isSuspended();
	}

	@Override
	public void resume() {
		thread.resume();
	}

	@Override
	public void suspend() throws DebugException {
		thread.suspend();
	}

	@Override
	public boolean canTerminate() {
		return thread.canTerminate();
	}

	@Override
	public boolean isTerminated() {
		return thread.isTerminated();
	}

	@Override
	public void terminate() {
		thread.terminate();
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof PausedMessageFrame f && f.pause.equals(pause) && f.thread == thread;
	}

	@Override
	public int hashCode() {
		return pause.hashCode();
	}
}
