package org.ikewb.ui.launch;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.debug.core.ILaunch;
import org.ikewb.ui.debug.IkeDebugTarget;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.ILaunchConfigurationDelegate;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;
import org.eclipse.xtext.diagnostics.Severity;
import org.ikewb.dsl.PolicyFiles;
import org.ikewb.dsl.ui.PolicyLanguageUi;
import org.ikewb.engine.Engine;
import org.ikewb.engine.IkeConfig;
import org.ikewb.protocol.ProtocolId;
import org.ikewb.engine.LoopbackSession;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.launch.PolicyLaunch;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.secrets.SecretResolver;
import org.ikewb.ui.SequenceView;

/**
 * Runs an "IKEv2 exchange" launch configuration: the policy's peer, resolved by the launch bridge,
 * on a real engine over UDP, drawn live in the IKE Sequence view. In Debug mode the exchange pauses
 * before each message sent and after each received; the view's Step, Continue and Terminate drive it.
 * As initiator it connects to the peer's remote address, or to another peer of the policy run
 * in-process as the responder.
 */
public class ExchangeLaunchDelegate implements ILaunchConfigurationDelegate {

	/** The last exchange started (tests wait on it). */
	static final AtomicReference<CompletableFuture<EstablishedSa>> LAST = new AtomicReference<>();

	public static CompletableFuture<EstablishedSa> lastExchange() {
		return LAST.get();
	}

	@Override
	public void launch(ILaunchConfiguration configuration, String mode, ILaunch launch, IProgressMonitor monitor)
			throws CoreException {
		String policyPath = configuration.getAttribute(ExchangeLaunch.POLICY, "");
		String peerName = configuration.getAttribute(ExchangeLaunch.PEER, "");
		String role = configuration.getAttribute(ExchangeLaunch.ROLE, "initiator");
		String embedded = configuration.getAttribute(ExchangeLaunch.EMBEDDED_PEER, "");
		boolean debug = ILaunchManager.DEBUG_MODE.equals(mode);
		IFile file = ResourcesPlugin.getWorkspace().getRoot().getFile(new org.eclipse.core.runtime.Path(policyPath));
		if (!file.exists() || file.getLocation() == null) {
			throw error("The policy file " + policyPath + " does not exist");
		}
		PolicyFiles.Loaded loaded;
		try {
			loaded = new PolicyFiles(PolicyLanguageUi.injector()).load(Path.of(file.getLocation().toOSString()));
		} catch (IOException e) {
			throw error("Cannot read " + policyPath + ": " + e.getMessage());
		}
		List<String> errors = loaded.issues().stream().filter(i -> i.getSeverity() == Severity.ERROR)
				.map(i -> "line " + i.getLineNumber() + ": " + i.getMessage()).toList();
		if (!errors.isEmpty() || loaded.model() == null) {
			throw error(policyPath + " has errors; fix them first. " + String.join("; ", errors));
		}
		List<Peer> peers = new ArrayList<>();
		loaded.model().getPolicies().forEach(p -> peers.addAll(p.getPeers()));
		Peer ours = find(peers, peerName, policyPath);
		SecretResolver secrets = SecretResolver.system();
		PolicyLaunch.Resolved me;
		PolicyLaunch.Resolved other = null;
		try {
			me = PolicyLaunch.resolve(ours, secrets);
			if (!embedded.isEmpty()) {
				other = PolicyLaunch.resolve(find(peers, embedded, policyPath), secrets);
			}
		} catch (PolicyLaunch.LaunchException e) {
			throw error(e.getMessage());
		}
		boolean traceKeys = configuration.getAttribute(ExchangeLaunch.TRACE_KEYS, false);
		boolean rekey = configuration.getAttribute(ExchangeLaunch.REKEY, false);
		String rekeyIke = configuration.getAttribute(ExchangeLaunch.REKEY_IKE_PROPOSALS, "");
		String rekeyEsp = configuration.getAttribute(ExchangeLaunch.REKEY_ESP_PROPOSALS, "");
		for (String problem : new String[] { ExchangeTab.proposalProblem(rekeyIke, ProtocolId.IKE, "Rekey IKE proposals"),
				ExchangeTab.proposalProblem(rekeyEsp, ProtocolId.ESP, "Rekey ESP proposals") }) {
			if (problem != null) {
				throw error(problem);
			}
		}
		// the launch's rekey proposals are offered by the peer we play and accepted by the embedded one
		IkeConfig mine = me.config().withRekeyIkeProposals(rekeyIke).withRekeyEspProposals(rekeyEsp);
		IkeConfig theirs = other == null ? null
				: other.config().withRekeyIkeProposals(rekeyIke).withRekeyEspProposals(rekeyEsp);
		Display.getDefault().syncExec(() -> view().release()); // the previous run's sockets
		try {
			if ("responder".equals(role)) {
				Engine engine = Engine.bind(new InetSocketAddress(me.local().getAddress(),
						me.local().getPort() == 0 ? 500 : me.local().getPort()), traceKeys);
				show(engine, "initiator (remote)", "responder " + engine.localAddress() + " (" + me.name() + ")", false, debug,
						new AutoCloseable[0]);
				debugTarget(launch, engine, me.name() + " responding on " + engine.localAddress(), debug);
				engine.respondWith(mine);
				return;
			}
			if (other == null && me.remote() == null) {
				throw error("Peer '" + me.name() + "' accepts any remote address: launch it as responder, or name an embedded peer");
			}
			// with an embedded peer: the loopback session of the command line and the benchmarks
			LoopbackSession session = other == null ? null
					: LoopbackSession.open(me.local(), traceKeys, other.local(), theirs).forStepping(); // Debug may pause long
			InetSocketAddress to = session != null ? session.responderAddress() : me.remote();
			Engine engine = session != null ? session.initiator() : Engine.bind(me.local(), traceKeys);
			show(engine, "initiator " + engine.localAddress() + " (" + me.name() + ")",
					"responder " + to + (other != null ? " (embedded " + other.name() + ")" : ""), true, debug,
					session == null ? new AutoCloseable[0] : new AutoCloseable[] { session.responder() });
			CompletableFuture<EstablishedSa> first = engine.initiate(mine, to);
			// with rekey: the Child SA, then the IKE SA, each with the rekey proposals in force (the view shows the new algorithms)
			CompletableFuture<EstablishedSa> sa = !rekey ? first
					: first.thenCompose(established -> established.children().isEmpty()
						? CompletableFuture.completedFuture(established)
						: engine.rekeyChild(established, established.children().get(0)).thenCompose(
								child -> engine.current(established)))
						.thenCompose(engine::rekeyIke);
			debugTarget(launch, engine, me.name() + " → " + to + (other != null ? " (embedded " + other.name() + ")" : ""), debug)
					.follow(sa);
			LAST.set(sa);
			Display.getDefault().asyncExec(() -> view().whenDone(sa));
		} catch (IOException e) {
			throw error("Cannot open a UDP socket: " + e.getMessage());
		}
	}

	/**
	 * The launch's debug target: the Debug view lists it; Resume, Step Over (F6) and Terminate act as
	 * the sequence view's Continue, Step and Terminate do (on the UI thread, where the view lives).
	 */
	private static IkeDebugTarget debugTarget(ILaunch launch, Engine engine, String name, boolean debug) {
		IkeDebugTarget target = new IkeDebugTarget(launch, engine, name, debug, new IkeDebugTarget.Controls() {
			@Override
			public void pauseEnded() {
				Display.getDefault().asyncExec(() -> view().pauseEnded());
			}

			@Override
			public void terminate() {
				Display.getDefault().asyncExec(() -> view().terminate());
			}
		});
		launch.addDebugTarget(target);
		Display.getDefault().syncExec(() -> view().closeWithRun(target::engineClosed));
		return target;
	}

	private static Peer find(List<Peer> peers, String name, String policyPath) throws CoreException {
		return peers.stream().filter(p -> p.getName().equals(name)).findFirst()
				.orElseThrow(() -> error(policyPath + " has no peer '" + name + "' (it has: "
						+ String.join(", ", peers.stream().map(Peer::getName).toList()) + ")"));
	}

	private static void show(Engine engine, String initiator, String responder, boolean localIsInitiator, boolean debug,
			AutoCloseable[] companions) {
		Display.getDefault().syncExec(() -> view().watch(engine, initiator, responder, localIsInitiator, debug, companions));
	}

	private static SequenceView view() {
		try {
			return (SequenceView) PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().showView(SequenceView.ID);
		} catch (org.eclipse.ui.PartInitException e) {
			throw new IllegalStateException(e);
		}
	}

	private static CoreException error(String message) {
		return new CoreException(new Status(IStatus.ERROR, "org.ikewb.ui", message));
	}
}
