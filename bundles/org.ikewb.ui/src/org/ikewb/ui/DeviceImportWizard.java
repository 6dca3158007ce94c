package org.ikewb.ui;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IImportWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.ikewb.dsl.importer.FortiOsImporter;
import org.ikewb.dsl.importer.ImportFinding;
import org.ikewb.dsl.importer.LibreswanImporter;
import org.ikewb.dsl.importer.SwanctlImporter;

/**
 * File › Import › IKEv2 Workbench › Device Configurations: strongSwan swanctl.conf, Libreswan
 * ipsec.conf or FortiOS CLI files into a policy in the workspace, with a preview of what maps (the
 * policy's text) and what does not (every finding with its file and line) before anything is written.
 * The importers are the command line's ({@code ikewb import}).
 */
public class DeviceImportWizard extends Wizard implements IImportWizard {

	/** The formats, as the page's combo lists them. */
	public enum Format {
		STRONGSWAN("strongSwan swanctl.conf"), LIBRESWAN("Libreswan ipsec.conf"), FORTIOS("FortiOS CLI (phase1/phase2-interface)");

		final String label;

		Format(String label) {
			this.label = label;
		}
	}

	private Page page;
	private IContainer initialContainer;
	private IFile written;

	@Override
	public void init(IWorkbench workbench, IStructuredSelection selection) {
		setWindowTitle("Import Device Configurations");
		Object first = selection == null ? null : selection.getFirstElement();
		IResource r = first == null ? null : org.eclipse.core.runtime.Adapters.adapt(first, IResource.class);
		initialContainer = r instanceof IContainer c ? c : r != null ? r.getParent() : null;
	}

	@Override
	public void addPages() {
		page = new Page();
		addPage(page);
	}

	/** The page (tests drive it: files, format, container, then the preview). */
	public Page page() {
		return page;
	}

	/** The policy written by Finish. */
	public IFile written() {
		return written;
	}

	@Override
	public boolean performFinish() {
		SwanctlImporter.Result result = page.result;
		if (result == null || result.policy() == null) {
			page.setErrorMessage("Nothing to import: see the findings");
			return false;
		}
		IResource target = ResourcesPlugin.getWorkspace().getRoot().findMember(page.folder.getText().strip());
		if (!(target instanceof IContainer container) || !target.isAccessible()) {
			page.setErrorMessage("Choose an existing project or folder of the workspace (e.g. /myproject)");
			return false;
		}
		String name = page.fileName.getText().strip();
		if (!name.matches("[A-Za-z0-9_.-]+")) {
			page.setErrorMessage("A file name of letters, digits, '.', '-' or '_'");
			return false;
		}
		IFile file = container.getFile(new org.eclipse.core.runtime.Path(name.endsWith(".ikewb") ? name : name + ".ikewb"));
		try {
			byte[] bytes = page.policyText().getBytes(StandardCharsets.UTF_8);
			if (file.exists()) {
				file.setContents(new ByteArrayInputStream(bytes), true, true, null);
			} else {
				file.create(new ByteArrayInputStream(bytes), true, null);
			}
			written = file;
			IDE.openEditor(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage(), file);
			return true;
		} catch (CoreException | RuntimeException e) {
			page.setErrorMessage("Could not write " + file.getFullPath() + ": " + e.getMessage());
			return false;
		}
	}

	/** Files, format, where to; the preview of the policy and the findings. */
	public final class Page extends WizardPage {
		private Combo format;
		private org.eclipse.swt.widgets.List files;
		private Text folder;
		private Text fileName;
		private Button requirePq;
		private Text preview;
		private Table findings;
		private SwanctlImporter.Result result;

		Page() {
			super("devices", "Import device configurations", null);
			setDescription("What maps becomes a policy; what a policy cannot express is listed with its line.");
		}

		@Override
		public void createControl(Composite parent) {
			Composite c = new Composite(parent, SWT.NONE);
			c.setLayout(new GridLayout(3, false));
			new Label(c, SWT.NONE).setText("Format:");
			format = new Combo(c, SWT.READ_ONLY);
			for (Format f : Format.values()) {
				format.add(f.label);
			}
			format.select(0);
			format.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
			format.addListener(SWT.Selection, e -> refresh());
			new Label(c, SWT.NONE).setText("Files:");
			files = new org.eclipse.swt.widgets.List(c, SWT.BORDER | SWT.V_SCROLL);
			GridData listData = new GridData(SWT.FILL, SWT.FILL, true, false);
			listData.heightHint = 60;
			files.setLayoutData(listData);
			Composite buttons = new Composite(c, SWT.NONE);
			buttons.setLayout(new GridLayout(1, true));
			Button add = new Button(buttons, SWT.PUSH);
			add.setText("Add…");
			add.addListener(SWT.Selection, e -> {
				FileDialog d = new FileDialog(getShell(), SWT.OPEN | SWT.MULTI);
				if (d.open() != null) {
					for (String n : d.getFileNames()) {
						files.add(Path.of(d.getFilterPath(), n).toString());
					}
					refresh();
				}
			});
			Button remove = new Button(buttons, SWT.PUSH);
			remove.setText("Remove");
			remove.addListener(SWT.Selection, e -> {
				if (files.getSelectionIndex() >= 0) {
					files.remove(files.getSelectionIndex());
					refresh();
				}
			});
			new Label(c, SWT.NONE).setText("Into folder:");
			folder = new Text(c, SWT.BORDER);
			folder.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
			folder.setText(initialContainer == null ? "" : initialContainer.getFullPath().toString());
			folder.addListener(SWT.Modify, e -> validate());
			new Label(c, SWT.NONE).setText("Policy file:");
			fileName = new Text(c, SWT.BORDER);
			fileName.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
			fileName.setText("imported.ikewb");
			fileName.addListener(SWT.Modify, e -> validate());
			requirePq = new Button(c, SWT.CHECK);
			requirePq.setText("Require post-quantum (each classical proposal then offers the Migrate to hybrid quick fixes)");
			requirePq.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
			requirePq.addListener(SWT.Selection, e -> refresh());
			SashForm sash = new SashForm(c, SWT.VERTICAL);
			GridData sashData = new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1);
			sashData.heightHint = 360;
			sashData.widthHint = 640;
			sash.setLayoutData(sashData);
			findings = new Table(sash, SWT.BORDER | SWT.FULL_SELECTION);
			findings.setHeaderVisible(true);
			for (String column : new String[] { "Line", "Severity", "What", "File" }) {
				TableColumn col = new TableColumn(findings, SWT.NONE);
				col.setText(column);
				col.setWidth(column.equals("What") ? 420 : column.equals("File") ? 160 : 70);
			}
			preview = new Text(sash, SWT.BORDER | SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.H_SCROLL);
			preview.setFont(org.eclipse.jface.resource.JFaceResources.getTextFont());
			sash.setWeights(2, 3);
			setControl(c);
			refresh();
		}

		/** Tests: the files to import and their format. */
		public void setInput(Format f, List<Path> paths) {
			format.select(f.ordinal());
			files.removeAll();
			paths.forEach(p -> files.add(p.toString()));
			refresh();
		}

		public void setFolder(String path) {
			folder.setText(path);
		}

		public void setRequirePostQuantum(boolean on) {
			requirePq.setSelection(on);
			refresh();
		}

		/** The preview's findings, as "line severity code: message" rows. */
		public List<String> findingRows() {
			List<String> out = new ArrayList<>();
			for (TableItem item : findings.getItems()) {
				out.add(item.getText(0) + " " + item.getText(1) + " " + item.getText(2));
			}
			return out;
		}

		public String previewText() {
			return preview.getText();
		}

		String policyText() {
			String text = result.policy();
			return requirePq.getSelection() ? text.replaceFirst("\n    targets ", "\n    require post-quantum\n    targets ") : text;
		}

		private void refresh() {
			List<Path> paths = new ArrayList<>();
			for (String f : files.getItems()) {
				paths.add(Path.of(f));
			}
			findings.removeAll();
			if (paths.isEmpty()) {
				result = null;
				preview.setText("");
				validate();
				return;
			}
			String base = paths.get(0).getFileName().toString().replaceAll("(\\.fortios)?\\.conf$", "");
			result = switch (Format.values()[format.getSelectionIndex()]) {
			case STRONGSWAN -> SwanctlImporter.importFiles(paths, base);
			case LIBRESWAN -> LibreswanImporter.importFiles(paths, base);
			case FORTIOS -> FortiOsImporter.importFiles(paths, base);
			};
			for (ImportFinding f : result.findings()) {
				TableItem item = new TableItem(findings, SWT.NONE);
				item.setText(new String[] { Integer.toString(f.line()), f.severity(), f.code() + ": " + f.message(),
						Path.of(f.file()).getFileName() == null ? f.file() : Path.of(f.file()).getFileName().toString() });
			}
			preview.setText(result.policy() == null ? "(nothing could be imported)" : policyText());
			if (fileName.getText().equals("imported.ikewb") && result.policy() != null) {
				fileName.setText(base.replaceAll("[^A-Za-z0-9_.-]", "_") + ".ikewb");
			}
			validate();
		}

		private void validate() {
			String problem = null;
			if (result == null) {
				problem = "Add the configuration files to import";
			} else if (result.policy() == null) {
				problem = "Nothing in these files can be imported (see the findings)";
			} else if (folder.getText().isBlank()) {
				problem = "Choose the project or folder to write the policy into";
			}
			setErrorMessage(problem);
			setPageComplete(problem == null);
		}
	}
}
