package org.ikewb.ui.debug;

import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.DebugElement;
import org.eclipse.debug.core.model.IDebugTarget;

/** What every element of an IKEv2 exchange's debug model shares: the model and the target. */
abstract class IkeDebugElement extends DebugElement {

	/** The debug model of IKEv2 exchanges (breakpoints and presentation refer to it). */
	static final String MODEL = "org.ikewb.ui.debugModel";

	IkeDebugElement(IDebugTarget target) {
		super(target);
	}

	@Override
	public String getModelIdentifier() {
		return MODEL;
	}

	static DebugException notSupported(String what) {
		return new DebugException(new org.eclipse.core.runtime.Status(org.eclipse.core.runtime.IStatus.ERROR,
				"org.ikewb.ui", DebugException.NOT_SUPPORTED, what + " is not supported by an IKEv2 exchange", null));
	}
}
