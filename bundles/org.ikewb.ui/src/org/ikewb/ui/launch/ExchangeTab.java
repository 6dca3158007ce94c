package org.ikewb.ui.launch;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.ui.AbstractLaunchConfigurationTab;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.ikewb.engine.IkeConfig;
import org.ikewb.protocol.ProtocolId;

/** The one tab of an "IKEv2 exchange": policy file, peer, role, embedded responder, key tracing, rekeys. */
public class ExchangeTab extends AbstractLaunchConfigurationTab {

	private Text policy;
	private Text peer;
	private Combo role;
	private Text embedded;
	private Button keys;
	private Button rekey;
	private Text rekeyIke;
	private Text rekeyEsp;

	@Override
	public void createControl(Composite parent) {
		Composite c = new Composite(parent, SWT.NONE);
		c.setLayout(new GridLayout(2, false));
		policy = field(c, "Policy file (workspace path, e.g. /project/branch.ikewb):");
		peer = field(c, "Peer of the policy to play:");
		new Label(c, SWT.NONE).setText("Role:");
		role = new Combo(c, SWT.READ_ONLY);
		role.setItems("initiator", "responder");
		role.select(0);
		role.addListener(SWT.Selection, e -> updateLaunchConfigurationDialog());
		embedded = field(c, "Embedded responder (another peer of the policy, optional):");
		keys = new Button(c, SWT.CHECK);
		keys.setText("Trace key material (SK_* in the inspector; opt-in per run)");
		keys.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		keys.addListener(SWT.Selection, e -> updateLaunchConfigurationDialog());
		rekey = new Button(c, SWT.CHECK);
		rekey.setText("Rekey once established: the Child SA, then the IKE SA (initiator)");
		rekey.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		rekey.addListener(SWT.Selection, e -> updateLaunchConfigurationDialog());
		rekeyIke = field(c, "Rekey IKE proposals (empty: the policy's; e.g. aes256gcm16-prfsha384-x25519-ke1_mlkem768):");
		rekeyEsp = field(c, "Rekey ESP proposals (empty: the policy's):");
		setControl(c);
	}

	private Text field(Composite c, String label) {
		new Label(c, SWT.NONE).setText(label);
		Text t = new Text(c, SWT.BORDER);
		t.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		t.addListener(SWT.Modify, e -> updateLaunchConfigurationDialog());
		return t;
	}

	@Override
	public void setDefaults(ILaunchConfigurationWorkingCopy configuration) {
		configuration.setAttribute(ExchangeLaunch.ROLE, "initiator");
	}

	@Override
	public void initializeFrom(ILaunchConfiguration configuration) {
		try {
			policy.setText(configuration.getAttribute(ExchangeLaunch.POLICY, ""));
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
		if (peer.getText().isBlank()) {
			setErrorMessage("Name the peer to play");
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
