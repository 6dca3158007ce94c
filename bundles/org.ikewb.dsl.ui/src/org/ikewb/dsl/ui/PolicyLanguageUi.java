package org.ikewb.dsl.ui;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.LazyStringInputStream;
import org.ikewb.dsl.ide.PolicyLanguageIdeSetup;

import com.google.inject.Injector;

/**
 * The language's Guice injector for the editor: Xtext runtime module + generic ide module
 * (no org.eclipse.xtext.ui). Created lazily, once per OSGi runtime.
 */
public final class PolicyLanguageUi {

	private static volatile Injector injector;
	private static volatile ExecutorService pool;

	private PolicyLanguageUi() {
	}

	public static Injector injector() {
		Injector i = injector;
		if (i == null) {
			synchronized (PolicyLanguageUi.class) {
				i = injector;
				if (i == null) {
					// registers PolicyPackage + EValidator, the "ikewb" resource factory, then builds the injector
					injector = i = new PolicyLanguageIdeSetup().createInjectorAndDoEMFRegistration();
				}
			}
		}
		return i;
	}

	/** One of this bundle's icons ({@code icons/NAME}, drawn by releng/icons/DrawIcons.java). */
	public static org.eclipse.jface.resource.ImageDescriptor icon(String name) {
		try {
			return org.eclipse.jface.resource.ImageDescriptor.createFromURL(
					java.net.URI.create("platform:/plugin/org.ikewb.dsl.ui/icons/" + name).toURL());
		} catch (java.net.MalformedURLException e) {
			return org.eclipse.jface.resource.ImageDescriptor.getMissingImageDescriptor();
		}
	}

	/** Thread pool ContentAssistContextFactory needs for its parallel follow-element computation. */
	public static ExecutorService pool() {
		ExecutorService p = pool;
		if (p == null) {
			synchronized (PolicyLanguageUi.class) {
				p = pool;
				if (p == null) {
					pool = p = Executors.newCachedThreadPool(r -> {
						Thread t = new Thread(r, "policy-content-assist");
						t.setDaemon(true);
						return t;
					});
				}
			}
		}
		return p;
	}

	/** Parses text into a fresh XtextResource in a fresh XtextResourceSet (cheap for small files). */
	public static XtextResource parse(String text, URI uri) {
		XtextResourceSet rs = injector().getInstance(XtextResourceSet.class);
		XtextResource resource = (XtextResource) rs.createResource(uri);
		try {
			resource.load(new LazyStringInputStream(text, "UTF-8"), Map.of(XtextResource.OPTION_ENCODING, "UTF-8"));
		} catch (IOException e) {
			throw new IllegalStateException("cannot parse " + uri, e);
		}
		return resource;
	}
}
