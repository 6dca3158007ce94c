package org.ikewb.ui.launch;

import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.IAdapterFactory;
import org.eclipse.debug.ui.actions.ILaunchable;
import org.ikewb.dsl.ui.editor.OutlinePeer;

/**
 * Makes a peer in the policy editor's Outline launchable: Eclipse adds Run As / Debug As to a
 * context menu only for elements that adapt to {@link ILaunchable} (resources do; our Outline
 * entries must say so here, since the language's UI bundle does not know the debugger). Which
 * shortcut applies is then decided by the shortcut's own enablement.
 */
public final class LaunchableOutlinePeers implements IAdapterFactory {

	private static final ILaunchable LAUNCHABLE = new ILaunchable() {
	};

	@Override
	public <T> T getAdapter(Object adaptableObject, Class<T> adapterType) {
		if (adapterType == ILaunchable.class && Adapters.adapt(adaptableObject, OutlinePeer.class) != null) {
			return adapterType.cast(LAUNCHABLE);
		}
		return null;
	}

	@Override
	public Class<?>[] getAdapterList() {
		return new Class<?>[] { ILaunchable.class };
	}
}
