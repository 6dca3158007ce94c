package org.ikewb.ui.debug;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.model.IValue;
import org.eclipse.debug.ui.IDebugModelPresentation;
import org.eclipse.debug.ui.IValueDetailListener;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.IEditorInput;

/** How the Debug, Variables and Breakpoints views label the elements of an IKEv2 exchange. */
public final class IkeModelPresentation extends LabelProvider implements IDebugModelPresentation {

	@Override
	public void setAttribute(String attribute, Object value) {
		// no options
	}

	@Override
	public Image getImage(Object element) {
		return null; // the debug platform's own images for targets, threads, frames and variables
	}

	@Override
	public String getText(Object element) {
		if (element instanceof ExchangeBreakpoint b) {
			String enabled;
			try {
				enabled = b.isEnabled() ? "" : " (disabled)";
			} catch (CoreException e) {
				enabled = "";
			}
			return "Exchange " + b.exchangeType().map(t -> t.ianaName()).orElse("(unknown type)") + enabled;
		}
		if (element instanceof FieldVariable v) {
			return v.getName() + " = " + v.getValueString();
		}
		if (element instanceof org.eclipse.debug.core.model.IDebugElement e) {
			try {
				return switch (e) {
				case IkeDebugTarget t -> t.getName() + (t.isTerminated() ? " <terminated>" : t.isSuspended() ? " (suspended)" : "");
				case IkeThread t -> t.getName();
				case PausedMessageFrame f -> f.getName();
				default -> null;
				};
			} catch (RuntimeException ex) {
				return null;
			}
		}
		return null;
	}

	@Override
	public void computeDetail(IValue value, IValueDetailListener listener) {
		String detail;
		try {
			detail = value.getValueString();
		} catch (org.eclipse.debug.core.DebugException e) {
			detail = "";
		}
		listener.detailComputed(value, detail);
	}

	@Override
	public IEditorInput getEditorInput(Object element) {
		return null;
	}

	@Override
	public String getEditorId(IEditorInput input, Object element) {
		return null;
	}
}
