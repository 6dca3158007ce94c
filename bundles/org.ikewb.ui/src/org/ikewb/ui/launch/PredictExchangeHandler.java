package org.ikewb.ui.launch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;
import org.ikewb.dsl.PolicyFiles;
import org.ikewb.dsl.ui.PolicyLanguageUi;
import org.ikewb.dsl.ui.editor.OutlinePeer;
import org.ikewb.launch.PredictedTrace;
import org.ikewb.model.negotiation.Counterparts;
import org.ikewb.model.negotiation.NegotiationSimulator;
import org.ikewb.model.negotiation.PolicyParties;
import org.ikewb.model.negotiation.Prediction;
import org.ikewb.model.policy.Endpoint;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.PeerRole;
import org.ikewb.ui.SequenceView;

/**
 * Predict Exchange (a peer in the Outline, or the policy editor): what the peer and its counterpart
 * in the same file would negotiate, drawn by the negotiation simulator in a second IKE Sequence view
 * beside the live one — so that Run As on the same pair shows the run next to its prediction. The
 * counterpart is the responder the peer addresses (address and identity), else the file's first
 * responder, as a launch pairs them; each side follows its policy's only target's rules, else ours.
 */
public class PredictExchangeHandler extends AbstractHandler {

	@Override
	public Object execute(ExecutionEvent event) {
		Shell shell = HandlerUtil.getActiveShell(event);
		IFile file = null;
		String name = null;
		ISelection selection = HandlerUtil.getCurrentSelection(event);
		if (selection instanceof IStructuredSelection s && s.getFirstElement() != null) {
			OutlinePeer peer = Adapters.adapt(s.getFirstElement(), OutlinePeer.class);
			if (peer != null) {
				file = peer.file();
				name = peer.name();
			} else {
				file = Adapters.adapt(s.getFirstElement(), IFile.class);
			}
		}
		if (file == null) {
			IEditorPart editor = HandlerUtil.getActiveEditor(event);
			file = editor == null ? null : editor.getEditorInput().getAdapter(IFile.class);
		}
		if (file == null || file.getLocation() == null) {
			MessageDialog.openInformation(shell, "Predict Exchange", "Select a peer in a policy's Outline, or open a policy file.");
			return null;
		}
		IWorkbenchPage page = HandlerUtil.getActiveWorkbenchWindow(event).getActivePage();
		try {
			predict(page, file, name);
		} catch (IllegalArgumentException e) {
			MessageDialog.openInformation(shell, "Predict Exchange", e.getMessage());
		} catch (IOException | PartInitException e) {
			MessageDialog.openError(shell, "Predict Exchange", "Could not predict the exchange: " + e.getMessage());
		}
		return null;
	}

	/**
	 * Predicts the pair of {@code peerName} (null: the file's first initiator with a counterpart) and
	 * draws it; returns the view. Tests call this directly.
	 *
	 * @throws IllegalArgumentException when the file has errors, or no pair to predict (the message says which)
	 */
	public static SequenceView predict(IWorkbenchPage page, IFile file, String peerName) throws IOException, PartInitException {
		PolicyFiles.Loaded loaded = new PolicyFiles(PolicyLanguageUi.injector()).load(Path.of(file.getLocation().toOSString()));
		if (loaded.hasErrors() || loaded.model() == null) {
			throw new IllegalArgumentException(file.getName() + " has errors: fix them (Problems view) to predict an exchange.");
		}
		List<Peer> peers = new ArrayList<>();
		loaded.model().getPolicies().forEach(p -> peers.addAll(p.getPeers()));
		Peer[] pair = pair(peers, peerName, file.getName());
		Prediction p = NegotiationSimulator.predict(PolicyParties.party(pair[0], PolicyParties.behaviour(pair[0])),
				PolicyParties.party(pair[1], PolicyParties.behaviour(pair[1])));
		SequenceView view = (SequenceView) page.showView(SequenceView.ID, SequenceView.PREDICTED, IWorkbenchPage.VIEW_ACTIVATE);
		view.showPrediction(pair[0].getName() + " (" + p.initiator().behaviour().product() + ")",
				pair[1].getName() + " (" + p.responder().behaviour().product() + ")",
				PredictedTrace.events(p, address(pair[0].getLocal(), 500), address(pair[1].getLocal(), 500)), p.verdict());
		return view;
	}

	/** The initiator and the responder to predict. */
	static Peer[] pair(List<Peer> peers, String name, String file) {
		Peer named = name == null ? null : peers.stream().filter(p -> p.getName().equals(name)).findFirst().orElse(null);
		if (name != null && named == null) {
			throw new IllegalArgumentException(file + " has no peer '" + name + "'.");
		}
		List<Peer> initiators = named != null && named.getRole() != PeerRole.RESPONDER ? List.of(named)
				: peers.stream().filter(p -> p.getRole() != PeerRole.RESPONDER && !p.getIkeProposals().isEmpty()).toList();
		for (Peer i : initiators) {
			List<Peer> candidates = peers.stream().filter(r -> r != i && r.getRole() != PeerRole.INITIATOR
					&& !r.getIkeProposals().isEmpty() && (named == null || named == i || named == r)).toList();
			Peer r = candidates.stream().filter(c -> Counterparts.addressEachOther(i, c)).findFirst()
					.orElse(candidates.stream().filter(c -> c.getRole() == PeerRole.RESPONDER).findFirst().orElse(null));
			if (r != null) {
				return new Peer[] { i, r };
			}
		}
		throw new IllegalArgumentException((named != null ? "Peer '" + name + "'" : file)
				+ " has no counterpart in this file to predict against: add the other end of the connection "
				+ "(a peer with role responder), or use ikewb negotiate FILE --with OTHER.ikewb.");
	}

	private static InetSocketAddress address(Endpoint e, int port) {
		String a = e == null ? null : e.getAddress();
		int p = e == null || e.getPort() == 0 ? port : e.getPort();
		try {
			return new InetSocketAddress(a == null || "any".equals(a) || !org.ikewb.model.validation.Addresses.isAddress(a)
					? InetAddress.getByAddress(new byte[4]) : InetAddress.getByName(a), p);
		} catch (UnknownHostException ex) {
			return new InetSocketAddress(p);
		}
	}
}
