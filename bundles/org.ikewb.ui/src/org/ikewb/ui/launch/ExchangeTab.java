package org.ikewb.ui.launch;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.ui.AbstractLaunchConfigurationTab;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.FilteredResourcesSelectionDialog;
import org.ikewb.engine.IkeConfig;
import org.ikewb.model.policy.Peer;
import org.ikewb.protocol.ProtocolId;

/**
 * The one tab of an "IKEv2 exchange": policy file (Browse… the workspace), the peer to play and the
 * embedded responder (chosen from the policy's peers), role, key tracing, rekeys. A new
 * configuration is prefilled from the policy file in the active editor.
 */
public class ExchangeTab extends AbstractLaunchConfigurationTab {

	private Text policy;
	private Combo peer;
	private Combo role;
	private Combo embedded;
	private Label peersNote;
	private Button keys;
	private Button rekey;
	private Text rekeyIke;
	private Text rekeyEsp;

	@Override
	public void createControl(Composite parent) {
		Composite c = new Composite(parent, SWT.NONE);
		c.setLayout(new GridLayout(2, false));
		new Label(c, SWT.NONE).setText("Policy file:");
		Composite row = new Composite(c, SWT.NONE);
		row.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		GridLayout rowLayout = new GridLayout(2, false);
		rowLayout.marginWidth = rowLayout.marginHeight = 0;
		row.setLayout(rowLayout);
		policy = new Text(row, SWT.BORDER);
		policy.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		policy.setMessage("/project/branch.ikewb");
		policy.addListener(SWT.Modify, e -> {
			loadPeers();
			updateLaunchConfigurationDialog();
		});
		Button browse = new Button(row, SWT.PUSH);
		browse.setText("Browse…");
		browse.addListener(SWT.Selection, e -> browse());
		peer = combo(c, "Peer to play:");
		peer.setToolTipText("The peer of the policy this run plays; the list shows the policy's peers");
		new Label(c, SWT.NONE);
		peersNote = new Label(c, SWT.WRAP); // why the list is empty, when it is
		peersNote.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		new Label(c, SWT.NONE).setText("Role:");
		role = new Combo(c, SWT.READ_ONLY);
		role.setItems("initiator", "responder");
		role.select(0);
		role.addListener(SWT.Selection, e -> updateLaunchConfigurationDialog());
		embedded = combo(c, "Embedded responder:");
		embedded.setToolTipText("Optional: another peer of the policy, run in-process as the responder (on loopback)");
		keys = new Button(c, SWT.CHECK);
		keys.setText("Trace key material (SK_* in the inspector; opt-in per run)");
		keys.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		keys.addListener(SWT.Selection, e -> updateLaunchConfigurationDialog());
		rekey = new Button(c, SWT.CHECK);
		rekey.setText("Rekey once established: the Child SA, then the IKE SA (initiator)");
		rekey.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		rekey.addListener(SWT.Selection, e -> updateLaunchConfigurationDialog());
		rekeyIke = field(c, "Rekey IKE proposals:");
		rekeyIke.setMessage("the policy's; or e.g. aes256gcm16-prfsha384-x25519-ke1_mlkem768");
		rekeyEsp = field(c, "Rekey ESP proposals:");
		rekeyEsp.setMessage("the policy's; or e.g. aes256gcm16-x25519-ke1_mlkem768");
		setControl(c);
	}

	/** A peer name: chosen from the policy's peers, or typed (the file may not load yet). */
	private Combo combo(Composite c, String label) {
		return labelled(c, label, parent -> new Combo(parent, SWT.DROP_DOWN));
	}

	/** Lets the user pick a policy file of the workspace (Open Resource's dialog, *.ikewb). */
	private void browse() {
		FilteredResourcesSelectionDialog dialog = new FilteredResourcesSelectionDialog(getShell(), false,
				ResourcesPlugin.getWorkspace().getRoot(), IResource.FILE);
		dialog.setTitle("Policy file");
		dialog.setInitialPattern("*.ikewb");
		if (dialog.open() == Window.OK && dialog.getFirstResult() instanceof IFile file) {
			policy.setText(file.getFullPath().toString());
		}
	}

	/** Fills the peer lists from the policy file named (keeps what is typed). */
	private void loadPeers() {
		List<String> all = new ArrayList<>();
		String note = "";
		IFile file = policyFile(policy.getText());
		if (file != null && file.exists()) {
			try {
				for (Peer p : ExchangeLaunchShortcut.peers(file)) {
					all.add(p.getName());
				}
				if (all.isEmpty()) {
					note = "The policy file has no peers (or does not parse yet).";
				}
			} catch (CoreException e) {
				note = e.getStatus().getMessage();
			}
		} else if (!policy.getText().isBlank()) {
			note = "No such file in the workspace.";
		}
		setItems(peer, all);
		setItems(embedded, all);
		peersNote.setText(note);
	}

	private static void setItems(Combo combo, List<String> items) {
		String text = combo.getText();
		combo.setItems(items.toArray(String[]::new));
		combo.setText(text);
	}

	/** The workspace file a path names, or null when it cannot name one. */
	static IFile policyFile(String path) {
		String p = path.strip();
		if (p.isEmpty() || !p.startsWith("/") || p.chars().filter(ch -> ch == '/').count() < 2) {
			return null;
		}
		return ResourcesPlugin.getWorkspace().getRoot().getFile(new org.eclipse.core.runtime.Path(p));
	}

	private Text field(Composite c, String label) {
		return labelled(c, label, parent -> new Text(parent, SWT.BORDER));
	}

	/** A label, then the control {@code create} makes, filling the rest of the row; edits update the dialog. */
	private <T extends org.eclipse.swt.widgets.Control> T labelled(Composite c, String label,
			java.util.function.Function<Composite, T> create) {
		new Label(c, SWT.NONE).setText(label);
		T control = create.apply(c);
		control.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		control.addListener(SWT.Modify, e -> updateLaunchConfigurationDialog());
		return control;
	}

	/**
	 * A new configuration starts from the policy file open in the active editor (or selected in the
	 * Project Explorer): its first initiating peer against its first responder, as Run As does.
	 */
	@Override
	public void setDefaults(ILaunchConfigurationWorkingCopy configuration) {
		configuration.setAttribute(ExchangeLaunch.ROLE, "initiator");
		IFile file = contextFile();
		if (file != null) {
			try {
				ExchangeLaunchShortcut.prefill(configuration, file);
			} catch (CoreException e) {
				configuration.setAttribute(ExchangeLaunch.POLICY, file.getFullPath().toString());
			}
		}
	}

	/** The .ikewb file of the active editor, else of the workbench selection, or null. */
	private static IFile contextFile() {
		IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
		if (window == null || window.getActivePage() == null) {
			return null;
		}
		IWorkbenchPage page = window.getActivePage();
		IEditorPart editor = page.getActiveEditor();
		IFile file = editor == null ? null : editor.getEditorInput().getAdapter(IFile.class);
		if (file == null && window.getSelectionService().getSelection() instanceof IStructuredSelection s) {
			file = Adapters.adapt(s.getFirstElement(), IFile.class);
		}
		return file != null && "ikewb".equals(file.getFileExtension()) ? file : null;
	}

	@Override
	public void initializeFrom(ILaunchConfiguration configuration) {
		try {
			policy.setText(configuration.getAttribute(ExchangeLaunch.POLICY, "")); // fills the peer lists
			peer.setText(configuration.getAttribute(ExchangeLaunch.PEER, ""));
			role.select("responder".equals(configuration.getAttribute(ExchangeLaunch.ROLE, "initiator")) ? 1 : 0);
			embedded.setText(configuration.getAttribute(ExchangeLaunch.EMBEDDED_PEER, ""));
			keys.setSelection(configuration.getAttribute(ExchangeLaunch.TRACE_KEYS, false));
			rekey.setSelection(configuration.getAttribute(ExchangeLaunch.REKEY, false));
			rekeyIke.setText(configuration.getAttribute(ExchangeLaunch.REKEY_IKE_PROPOSALS, ""));
			rekeyEsp.setText(configuration.getAttribute(ExchangeLaunch.REKEY_ESP_PROPOSALS, ""));
		} catch (CoreException e) {
			setErrorMessage(e.getMessage());
		}
	}

	@Override
	public void performApply(ILaunchConfigurationWorkingCopy configuration) {
		configuration.setAttribute(ExchangeLaunch.POLICY, policy.getText().strip());
		configuration.setAttribute(ExchangeLaunch.PEER, peer.getText().strip());
		configuration.setAttribute(ExchangeLaunch.ROLE, role.getText());
		configuration.setAttribute(ExchangeLaunch.EMBEDDED_PEER, embedded.getText().strip());
		configuration.setAttribute(ExchangeLaunch.TRACE_KEYS, keys.getSelection());
		configuration.setAttribute(ExchangeLaunch.REKEY, rekey.getSelection());
		configuration.setAttribute(ExchangeLaunch.REKEY_IKE_PROPOSALS, rekeyIke.getText().strip());
		configuration.setAttribute(ExchangeLaunch.REKEY_ESP_PROPOSALS, rekeyEsp.getText().strip());
	}

	@Override
	public boolean isValid(ILaunchConfiguration configuration) {
		setErrorMessage(null);
		if (policy.getText().isBlank() || !policy.getText().endsWith(".ikewb")) {
			setErrorMessage("Name a policy file (.ikewb)");
			return false;
		}
		IFile file = policyFile(policy.getText());
		if (file == null || !file.exists()) {
			setErrorMessage("The policy file " + policy.getText().strip() + " is not in the workspace: Browse… for it");
			return false;
		}
		if (peer.getText().isBlank()) {
			setErrorMessage("Name the peer to play");
			return false;
		}
		if (peer.getItemCount() > 0 && !List.of(peer.getItems()).contains(peer.getText().strip())) {
			setErrorMessage("The policy has no peer '" + peer.getText().strip() + "' (it has: " + String.join(", ", peer.getItems()) + ")");
			return false;
		}
		if (!embedded.getText().isBlank() && embedded.getItemCount() > 0
				&& !List.of(embedded.getItems()).contains(embedded.getText().strip())) {
			setErrorMessage("The policy has no peer '" + embedded.getText().strip() + "' to embed");
			return false;
		}
		if (embedded.getText().strip().equals(peer.getText().strip())) {
			setErrorMessage("The embedded responder must be another peer than the one played");
			return false;
		}
		String problem = proposalProblem(rekeyIke.getText(), ProtocolId.IKE, "Rekey IKE proposals");
		if (problem == null) {
			problem = proposalProblem(rekeyEsp.getText(), ProtocolId.ESP, "Rekey ESP proposals");
		}
		if (problem != null) {
			setErrorMessage(problem);
			return false;
		}
		return true;
	}

	/** Why proposals in strongSwan notation do not parse, or null (empty is fine: the policy's apply). */
	static String proposalProblem(String text, ProtocolId protocol, String field) {
		if (text.isBlank()) {
			return null;
		}
		try {
			IkeConfig.parseProposals(text.strip(), protocol);
			return null;
		} catch (IllegalArgumentException e) {
			return field + ": " + e.getMessage();
		}
	}

	@Override
	public String getName() {
		return "Exchange";
	}
}
