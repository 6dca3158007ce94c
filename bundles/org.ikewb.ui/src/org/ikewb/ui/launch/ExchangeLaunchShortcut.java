package org.ikewb.ui.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IAdaptable;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.ILaunchShortcut;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IEditorPart;
import org.ikewb.dsl.PolicyFiles;
import org.ikewb.dsl.ui.PolicyLanguageUi;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.PeerRole;

/**
 * Run As / Debug As › IKEv2 exchange on a policy file (Project Explorer, or the open editor): reuses
 * the file's launch configuration, or makes one — the first peer that initiates, against the first
 * responder of the same file run in-process — and launches it.
 */
public class ExchangeLaunchShortcut implements ILaunchShortcut {

	@Override
	public void launch(ISelection selection, String mode) {
		if (selection instanceof IStructuredSelection s && s.getFirstElement() instanceof IAdaptable a) {
			IFile file = a.getAdapter(IFile.class);
			if (file != null) {
				launch(file, mode);
			}
		}
	}

	@Override
	public void launch(IEditorPart editor, String mode) {
		IFile file = editor.getEditorInput().getAdapter(IFile.class);
		if (file != null) {
			launch(file, mode);
		}
	}

	private static void launch(IFile file, String mode) {
		try {
			DebugUITools.launch(configuration(file), mode);
		} catch (CoreException e) {
			MessageDialog.openError(Display.getDefault().getActiveShell(), "IKEv2 exchange", e.getStatus().getMessage());
		}
	}

	/** The launch configuration of {@code file}: an existing one, or a new one with its peers chosen. */
	public static ILaunchConfiguration configuration(IFile file) throws CoreException {
		ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
		ILaunchConfigurationType type = manager.getLaunchConfigurationType(ExchangeLaunch.TYPE);
		String path = file.getFullPath().toString();
		for (ILaunchConfiguration c : manager.getLaunchConfigurations(type)) {
			if (path.equals(c.getAttribute(ExchangeLaunch.POLICY, ""))) {
				return c;
			}
		}
		List<Peer> peers = peers(file);
		Optional<Peer> initiator = peers.stream().filter(p -> p.getRole() != PeerRole.RESPONDER).findFirst();
		Optional<Peer> responder = peers.stream().filter(p -> p.getRole() == PeerRole.RESPONDER).findFirst();
		if (initiator.isEmpty()) {
			throw new CoreException(org.eclipse.core.runtime.Status.error(path + " has no peer that initiates (every peer has"
					+ " 'role responder'): open Run Configurations to launch one as responder"));
		}
		ILaunchConfigurationWorkingCopy wc = type.newInstance(null,
				manager.generateLaunchConfigurationName(file.getName().replaceFirst("\\.ikewb$", "") + " " + initiator.get().getName()));
		wc.setAttribute(ExchangeLaunch.POLICY, path);
		wc.setAttribute(ExchangeLaunch.PEER, initiator.get().getName());
		wc.setAttribute(ExchangeLaunch.ROLE, "initiator");
		wc.setAttribute(ExchangeLaunch.EMBEDDED_PEER, responder.map(Peer::getName).orElse(""));
		return wc.doSave();
	}

	/** The peers of a policy file, in order (none when it does not load). */
	static List<Peer> peers(IFile file) throws CoreException {
		if (file.getLocation() == null) {
			return List.of();
		}
		try {
			PolicyFiles.Loaded loaded = new PolicyFiles(PolicyLanguageUi.injector()).load(Path.of(file.getLocation().toOSString()));
			List<Peer> peers = new ArrayList<>();
			if (loaded.model() != null) {
				loaded.model().getPolicies().forEach(p -> peers.addAll(p.getPeers()));
			}
			return peers;
		} catch (IOException e) {
			throw new CoreException(org.eclipse.core.runtime.Status.error("cannot read " + file.getFullPath() + ": " + e.getMessage()));
		}
	}
}
