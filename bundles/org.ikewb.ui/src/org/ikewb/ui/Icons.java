package org.ikewb.ui;

import java.net.MalformedURLException;
import java.net.URI;

import org.eclipse.jface.resource.ImageDescriptor;

/**
 * Where the workbench's pictures come from: our own (drawn by {@code releng/icons/DrawIcons.java},
 * with @2x variants that JFace picks on HiDPI screens), and Eclipse's debug pictures for the actions
 * that do what Eclipse's debugger does (Step Over, Resume, Terminate).
 */
public final class Icons {

	private Icons() {
	}

	/** One of this bundle's icons ({@code icons/NAME}). */
	public static ImageDescriptor own(String name) {
		return from("platform:/plugin/org.ikewb.ui/icons/" + name);
	}

	/** One of Eclipse's debug UI icons ({@code icons/full/PATH} in org.eclipse.debug.ui). */
	public static ImageDescriptor debugUi(String path) {
		return from("platform:/plugin/org.eclipse.debug.ui/icons/full/" + path);
	}

	private static ImageDescriptor from(String url) {
		try {
			return ImageDescriptor.createFromURL(URI.create(url).toURL());
		} catch (MalformedURLException e) {
			return ImageDescriptor.getMissingImageDescriptor();
		}
	}
}
