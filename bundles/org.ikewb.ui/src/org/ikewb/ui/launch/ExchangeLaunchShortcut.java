package org.ikewb.ui.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Adapters;
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
import org.ikewb.dsl.ui.editor.OutlinePeer;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.PeerRole;

/**
 * Run As / Debug As › IKEv2 exchange on a policy file (Project Explorer, or the open editor) or on a
 * peer in the editor's Outline: reuses the launch configuration of that file (and peer), or makes one
 * — the peer, or the file's first peer that initiates, against the file's first responder run
 * in-process — and launches it.
 */
public class ExchangeLaunchShortcut implements ILaunchShortcut {

	@Override
	public void launch(ISelection selection, String mode) {
		if (selection instanceof IStructuredSelection s && s.getFirstElement() != null) {
			Object element = s.getFirstElement();
			OutlinePeer peer = Adapters.adapt(element, OutlinePeer.class);
			if (peer != null) {
				launch(peer.file(), peer.name(), mode);
				return;
			}
			IFile file = Adapters.adapt(element, IFile.class);
			if (file != null) {
				launch(file, null, mode);
			}
		}
	}

	@Override
	public void launch(IEditorPart editor, String mode) {
		IFile file = editor.getEditorInput().getAdapter(IFile.class);
		if (file != null) {
			launch(file, null, mode);
		}
	}

	private static void launch(IFile file, String peer, String mode) {
		try {
			DebugUITools.launch(peer == null ? configuration(file) : configuration(file, peer), mode);
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
		if (initiator.isEmpty()) {
			throw new CoreException(org.eclipse.core.runtime.Status.error(path + " has no peer that initiates (every peer has"
					+ " 'role responder'): open Run Configurations to launch one as responder"));
		}
		ILaunchConfigurationWorkingCopy wc = type.newInstance(null,
				manager.generateLaunchConfigurationName(file.getName().replaceFirst("\\.ikewb$", "") + " " + initiator.get().getName()));
		prefill(wc, file);
		return wc.doSave();
	}

	/** Sets the file, its first initiating peer and its first responder (embedded) on {@code wc}. */
	static void prefill(ILaunchConfigurationWorkingCopy wc, IFile file) throws CoreException {
		List<Peer> peers = peers(file);
		wc.setAttribute(ExchangeLaunch.POLICY, file.getFullPath().toString());
		wc.setAttribute(ExchangeLaunch.ROLE, "initiator");
		peers.stream().filter(p -> p.getRole() != PeerRole.RESPONDER).findFirst()
				.ifPresent(p -> wc.setAttribute(ExchangeLaunch.PEER, p.getName()));
		wc.setAttribute(ExchangeLaunch.EMBEDDED_PEER, peers.stream().filter(p -> p.getRole() == PeerRole.RESPONDER)
				.findFirst().map(Peer::getName).orElse(""));
	}

	/**
	 * The launch configuration that plays {@code peerName} of {@code file} (a peer chosen in the
	 * Outline): an existing one, or a new one — as initiator against the file's first responder run
	 * in-process, or as responder when the peer only responds.
	 */
	public static ILaunchConfiguration configuration(IFile file, String peerName) throws CoreException {
		ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
		ILaunchConfigurationType type = manager.getLaunchConfigurationType(ExchangeLaunch.TYPE);
		String path = file.getFullPath().toString();
		for (ILaunchConfiguration c : manager.getLaunchConfigurations(type)) {
			if (path.equals(c.getAttribute(ExchangeLaunch.POLICY, "")) && peerName.equals(c.getAttribute(ExchangeLaunch.PEER, ""))) {
				return c;
			}
		}
		List<Peer> peers = peers(file);
		Peer peer = peers.stream().filter(p -> peerName.equals(p.getName())).findFirst()
				.orElseThrow(() -> new CoreException(org.eclipse.core.runtime.Status.error(path + " has no peer '" + peerName
						+ "' any more: save the file and choose the peer again")));
		boolean responder = peer.getRole() == PeerRole.RESPONDER;
		Optional<Peer> embedded = responder ? Optional.empty()
				: peers.stream().filter(p -> p != peer && p.getRole() == PeerRole.RESPONDER).findFirst();
		ILaunchConfigurationWorkingCopy wc = type.newInstance(null,
				manager.generateLaunchConfigurationName(file.getName().replaceFirst("\\.ikewb$", "") + " " + peerName));
		wc.setAttribute(ExchangeLaunch.POLICY, path);
		wc.setAttribute(ExchangeLaunch.PEER, peerName);
		wc.setAttribute(ExchangeLaunch.ROLE, responder ? "responder" : "initiator");
		wc.setAttribute(ExchangeLaunch.EMBEDDED_PEER, embedded.map(Peer::getName).orElse(""));
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
