package org.ikewb.ui.debug;

import java.util.Arrays;
import java.util.Optional;

import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IWorkspaceRoot;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.model.Breakpoint;
import org.eclipse.debug.core.model.IBreakpoint;
import org.ikewb.protocol.ExchangeType;

/**
 * "Pause at every message of this exchange type": a breakpoint of the Breakpoints view, kept on the
 * workspace root (it belongs to no file), persisted with the workspace, applied to debug launches.
 */
public final class ExchangeBreakpoint extends Breakpoint {

	public static final String MARKER = "org.ikewb.ui.exchangeBreakpointMarker";
	static final String EXCHANGE = "org.ikewb.ui.exchangeType";

	/** For the breakpoint manager, which restores breakpoints from their markers. */
	public ExchangeBreakpoint() {
	}

	private ExchangeBreakpoint(ExchangeType type) throws CoreException {
		IWorkspaceRoot root = ResourcesPlugin.getWorkspace().getRoot();
		IMarker marker = root.createMarker(MARKER);
		marker.setAttribute(IBreakpoint.ID, IkeDebugElement.MODEL);
		marker.setAttribute(IBreakpoint.ENABLED, true);
		marker.setAttribute(IBreakpoint.PERSISTED, true);
		marker.setAttribute(EXCHANGE, type.ianaName());
		marker.setAttribute(IMarker.MESSAGE, "IKEv2 exchange breakpoint: " + type.ianaName());
		setMarker(marker);
	}

	@Override
	public String getModelIdentifier() {
		return IkeDebugElement.MODEL;
	}

	/** The exchange type it pauses at (empty for a marker that names none this build knows). */
	public Optional<ExchangeType> exchangeType() {
		IMarker marker = getMarker();
		String name = marker == null ? null : marker.getAttribute(EXCHANGE, null);
		return ExchangeType.all().stream().filter(t -> t.ianaName().equals(name)).findFirst();
	}

	/** The breakpoint at {@code type}, if there is one. */
	public static Optional<ExchangeBreakpoint> find(ExchangeType type) {
		return Arrays.stream(DebugPlugin.getDefault().getBreakpointManager().getBreakpoints(IkeDebugElement.MODEL))
				.filter(ExchangeBreakpoint.class::isInstance).map(ExchangeBreakpoint.class::cast)
				.filter(b -> b.exchangeType().filter(type::equals).isPresent()).findFirst();
	}

	/** Adds (enabled) or removes the breakpoint at {@code type}. */
	public static void set(ExchangeType type, boolean on) throws CoreException {
		Optional<ExchangeBreakpoint> existing = find(type);
		if (on && existing.isEmpty()) {
			DebugPlugin.getDefault().getBreakpointManager().addBreakpoint(new ExchangeBreakpoint(type));
		} else if (on) {
			existing.get().setEnabled(true);
		} else if (existing.isPresent()) {
			DebugPlugin.getDefault().getBreakpointManager().removeBreakpoint(existing.get(), true);
		}
	}
}
