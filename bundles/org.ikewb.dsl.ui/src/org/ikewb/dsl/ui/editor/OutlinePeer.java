package org.ikewb.dsl.ui.editor;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.IAdapterFactory;

/**
 * A peer selected in the Outline of a policy file: what Run As / Debug As › IKEv2 exchange
 * launches (the launch shortcut lives in the workbench bundle, which adapts the selection to this).
 *
 * @param responder whether the peer only responds ({@code role responder})
 */
public record OutlinePeer(IFile file, String name, boolean responder) {

	/**
	 * Declared in plugin.xml, so that enablement expressions ({@code <adapt type="...OutlinePeer"/>})
	 * find the peer behind an Outline entry without loading anything first.
	 */
	public static final class Factory implements IAdapterFactory {

		@Override
		public <T> T getAdapter(Object adaptableObject, Class<T> adapterType) {
			return adaptableObject instanceof PolicyOutlinePage.Node node ? node.getAdapter(adapterType) : null;
		}

		@Override
		public Class<?>[] getAdapterList() {
			return new Class<?>[] { OutlinePeer.class };
		}
	}
}
