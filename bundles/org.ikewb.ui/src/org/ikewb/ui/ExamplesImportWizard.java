package org.ikewb.ui;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Path;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IImportWizard;
import org.eclipse.ui.IWorkbench;
import org.osgi.framework.Bundle;

/**
 * File › Import › IKEv2 Workbench › Example Policies: creates a project holding the example
 * policies shipped in this bundle (branch-to-HQ, three rounds, road warrior with a proposal library,
 * a loopback pair to run, and one broken on purpose).
 */
public class ExamplesImportWizard extends Wizard implements IImportWizard {

	public static final String PROJECT = "ikewb-examples";

	@Override
	public void init(IWorkbench workbench, IStructuredSelection selection) {
		setWindowTitle("Import IKEv2 Workbench Examples");
	}

	@Override
	public void addPages() {
		addPage(new WizardPage("examples", "IKEv2 Workbench example policies", null) {
			@Override
			public void createControl(Composite parent) {
				Composite c = new Composite(parent, SWT.NONE);
				c.setLayout(new GridLayout(1, false));
				new Label(c, SWT.WRAP).setText("Creates the project '" + PROJECT + "' with the example policies:\n"
						+ "hybrid branch-to-HQ, three rounds, a road-warrior responder with a proposal library,\n"
						+ "a loopback pair to run from a launch configuration, and one file broken on purpose.");
				setControl(c);
			}
		});
	}

	@Override
	public boolean performFinish() {
		try {
			importExamples();
			return true;
		} catch (CoreException | IOException e) {
			((WizardPage) getPages()[0]).setErrorMessage(e.getMessage());
			return false;
		}
	}

	/** Creates (or refreshes) the examples project; returns the files written. */
	public static List<IFile> importExamples() throws CoreException, IOException {
		IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(PROJECT);
		if (!project.exists()) {
			project.create(null);
		}
		project.open(null);
		Bundle bundle = Platform.getBundle("org.ikewb.ui");
		List<IFile> written = new ArrayList<>();
		// the policies and the files they name (the broken example's short PPK), not the folders
		Enumeration<URL> entries = bundle.findEntries("examples", "*.*", true);
		while (entries != null && entries.hasMoreElements()) {
			URL url = entries.nextElement();
			if (url.getPath().endsWith("/")) {
				continue;
			}
			String relative = url.getPath().substring(url.getPath().indexOf("examples/") + "examples/".length());
			IFile file = project.getFile(new Path(relative));
			create(file.getParent());
			try (InputStream in = url.openStream()) {
				if (file.exists()) {
					file.setContents(in, true, false, null);
				} else {
					file.create(in, true, null);
				}
			}
			written.add(file);
		}
		return written;
	}

	private static void create(IContainer container) throws CoreException {
		if (container instanceof IFolder folder && !folder.exists()) {
			create(folder.getParent());
			folder.create(true, true, null);
		}
	}
}
