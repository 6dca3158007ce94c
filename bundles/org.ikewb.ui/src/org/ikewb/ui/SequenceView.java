package org.ikewb.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;
import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.StepController;
import org.ikewb.engine.TraceEvent;
import org.ikewb.engine.TraceRecorder;
import org.ikewb.protocol.ExchangeType;

/**
 * The IKE sequence diagram: lifelines for initiator and responder, one arrow per message with
 * exchange, message ID and payloads (encrypted ones inside SK{...}), a band wherever the keys change,
 * errors in red; below it the message inspector. It fills live while an exchange runs. The toolbar
 * runs the hybrid exchange against the embedded responder, or debugs it: the exchange pauses before
 * each message sent and after each received, and Step, Continue and Terminate drive it; breakpoints
 * by exchange type pause a normal run. The view menu exports the diagram (PNG, SVG, Mermaid) and the
 * traffic (pcap plus Wireshark's key table).
 */
public class SequenceView extends ViewPart {

	public static final String ID = "org.ikewb.ui.sequenceView";
	/** The secondary ID of the instance that shows predictions (Predict Exchange), beside the live one. */
	public static final String PREDICTED = "predicted";
	static final String EMPTY_TEXT = "No IKE exchange has run yet.\n"
			+ "Run the hybrid exchange from the toolbar to watch IKE_SA_INIT, IKE_INTERMEDIATE and IKE_AUTH arrive here.";

	/** Exchange types one can break at. */
	static final List<ExchangeType> BREAKABLE = List.of(ExchangeType.IKE_SA_INIT, ExchangeType.IKE_INTERMEDIATE,
			ExchangeType.IKE_AUTH, ExchangeType.CREATE_CHILD_SA, ExchangeType.IKE_FOLLOWUP_KE, ExchangeType.INFORMATIONAL);

	private Label status;
	private SequenceCanvas canvas;
	private MessageInspector inspector;
	private final SequenceModel model = new SequenceModel();
	private EmbeddedRun run;
	private Engine watched;
	private List<AutoCloseable> companions = List.of();
	private TraceRecorder recorder;
	private volatile CompletableFuture<EstablishedSa> current;
	private boolean traceKeys;
	private IAction step;
	private IAction resume;
	private IAction terminate;

	@Override
	public void createPartControl(Composite parent) {
		parent.setLayout(new GridLayout(1, false));
		status = new Label(parent, SWT.WRAP);
		status.setText(EMPTY_TEXT);
		status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		SashForm sash = new SashForm(parent, SWT.VERTICAL);
		sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		canvas = new SequenceCanvas(sash);
		canvas.setModel(model);
		inspector = new MessageInspector(sash);
		sash.setWeights(3, 2);
		canvas.onSelect(this::showRow);
		contributeActions();
	}

	private void contributeActions() {
		IToolBarManager bar = getViewSite().getActionBars().getToolBarManager();
		// Eclipse's own Run, Debug, Step Over, Resume and Terminate pictures: the ones users know from the Debug view
		bar.add(action("Run", "Run the hybrid exchange (x25519 + ML-KEM-768, then rekeys) against the embedded responder",
				() -> runEmbedded(true), DebugUITools.getImageDescriptor(IDebugUIConstants.IMG_ACT_RUN)));
		bar.add(action("Debug", "Debug the hybrid exchange: pause before each message sent and after each received",
				() -> debugEmbedded(true), DebugUITools.getImageDescriptor(IDebugUIConstants.IMG_ACT_DEBUG)));
		step = action("Step", "Step to the next message (F6 in the Debug view)", this::step, Icons.debugUi("elcl16/stepover_co.png"));
		resume = action("Continue", "Continue to the end (or the next breakpoint)", this::resume, Icons.debugUi("elcl16/resume_co.png"));
		terminate = action("Terminate", "Terminate the exchange", this::terminate, Icons.debugUi("elcl16/terminate_co.png"));
		bar.add(new Separator());
		bar.add(step);
		bar.add(resume);
		bar.add(terminate);
		enableStepping(false);

		IMenuManager menu = getViewSite().getActionBars().getMenuManager();
		Action keys = new Action("Trace key material (SK_*, opt-in per run)", IAction.AS_CHECK_BOX) {
			@Override
			public void run() {
				traceKeys = isChecked();
			}
		};
		keys.setImageDescriptor(Icons.own("keys.png"));
		menu.add(keys);
		// exchange breakpoints: the Breakpoints view lists the same ones, and debug launches use them
		MenuManager breakAt = new MenuManager("Break at");
		breakAt.setRemoveAllWhenShown(true);
		breakAt.addMenuListener(m -> {
			for (ExchangeType type : BREAKABLE) {
				Action a = new Action(type.ianaName(), IAction.AS_CHECK_BOX) {
					@Override
					public void run() {
						setBreakpoint(type, isChecked());
					}
				};
				a.setChecked(hasBreakpoint(type));
				m.add(a);
			}
		});
		menu.add(breakAt);
		MenuManager export = new MenuManager("Export", Icons.own("export.png"), "export");
		export.add(exportAction("Diagram as PNG…", "*.png", p -> exportPng(p)));
		export.add(exportAction("Diagram as SVG…", "*.svg", p -> exportSvg(p)));
		export.add(exportAction("Diagram as Mermaid…", "*.mmd", p -> exportMermaid(p)));
		export.add(exportAction("Traffic as pcap (+ Wireshark key table)…", "*.pcap", p -> exportPcap(p)));
		menu.add(export);
	}

	private static Action action(String text, String tooltip, Runnable body, ImageDescriptor image) {
		Action a = new Action(text, image) {
			@Override
			public void run() {
				body.run();
			}
		};
		a.setToolTipText(tooltip);
		return a;
	}

	/** The view's toolbar actions (tests: each has a picture and a tooltip). */
	public List<IAction> toolbarActions() {
		List<IAction> out = new java.util.ArrayList<>();
		for (org.eclipse.jface.action.IContributionItem item : getViewSite().getActionBars().getToolBarManager().getItems()) {
			if (item instanceof org.eclipse.jface.action.ActionContributionItem a) {
				out.add(a.getAction());
			}
		}
		return out;
	}

	private interface Exporter {
		void write(Path path) throws IOException;
	}

	private Action exportAction(String label, String extension, Exporter exporter) {
		return new Action(label) {
			@Override
			public void run() {
				FileDialog dialog = new FileDialog(getSite().getShell(), SWT.SAVE);
				dialog.setFilterExtensions(new String[] { extension });
				dialog.setOverwrite(true);
				String file = dialog.open();
				if (file != null) {
					try {
						exporter.write(Path.of(file));
						status.setText("Exported " + file);
					} catch (IOException e) {
						status.setText("Export failed: " + e.getMessage());
					}
				}
			}
		};
	}

	private void enableStepping(boolean paused) {
		step.setEnabled(paused);
		resume.setEnabled(paused);
		terminate.setEnabled(run != null || watched != null);
	}

	/** Opt in to key material in this view's next runs (the inspector shows SK_* of each generation). */
	public void setTraceKeys(boolean on) {
		traceKeys = on;
	}

	/** Adds or removes the exchange breakpoint at {@code type} (the Breakpoints view shows it). */
	public void setBreakpoint(ExchangeType type, boolean on) {
		try {
			org.ikewb.ui.debug.ExchangeBreakpoint.set(type, on);
		} catch (org.eclipse.core.runtime.CoreException e) {
			status.setText("The breakpoint at " + type.ianaName() + " could not be " + (on ? "set" : "removed")
					+ ": the workspace refused its marker (" + e.getStatus().getMessage() + ")");
		}
	}

	/** An enabled exchange breakpoint at {@code type}, with breakpoints not skipped. */
	static boolean hasBreakpoint(ExchangeType type) {
		return org.eclipse.debug.core.DebugPlugin.getDefault().getBreakpointManager().isEnabled()
				&& org.ikewb.ui.debug.ExchangeBreakpoint.find(type).filter(b -> {
					try {
						return b.isEnabled();
					} catch (org.eclipse.core.runtime.CoreException e) {
						return false;
					}
				}).isPresent();
	}

	/** Runs x25519 + ML-KEM-768 against the embedded responder and draws it as it happens. */
	public CompletableFuture<EstablishedSa> runEmbedded(boolean rekey) {
		return startEmbedded(rekey, false);
	}

	/** The same, pausing before every message sent and after every one received. */
	public CompletableFuture<EstablishedSa> debugEmbedded(boolean rekey) {
		return startEmbedded(rekey, true);
	}

	private CompletableFuture<EstablishedSa> startEmbedded(boolean rekey, boolean debug) {
		closeRun();
		try {
			run = new EmbeddedRun(traceKeys);
		} catch (IOException e) {
			status.setText("cannot open a UDP socket: " + e.getMessage());
			return CompletableFuture.failedFuture(e);
		}
		prepare(run.initiator(), run.lifelineOfInitiator(), run.lifelineOfResponder(), debug);
		status.setText((debug ? "Debugging " : "Running ") + EmbeddedRun.IKE + " against the embedded responder"
				+ (traceKeys ? " (key material shown for this run)" : "") + " ...");
		Engine engine = run.initiator();
		current = run.start(e -> onEvent(engine, e), rekey);
		whenDone(current);
		return current;
	}

	/**
	 * Shows an engine's trace (a launch configuration's run): clears the diagram, names the
	 * lifelines and listens; with {@code debug} the engine pauses at every message.
	 */
	public void watch(Engine engine, String initiator, String responder, boolean debug, AutoCloseable... companions) {
		watch(engine, initiator, responder, true, debug, companions);
	}

	/** As above; {@code localIsInitiator} false when the watched engine is the responder (the right lifeline). */
	public void watch(Engine engine, String initiator, String responder, boolean localIsInitiator, boolean debug,
			AutoCloseable... companions) {
		closeRun();
		watched = engine;
		this.companions = List.of(companions);
		prepare(engine, initiator, responder, debug);
		model.setLifelines(initiator, responder, localIsInitiator);
		engine.addListener(e -> onEvent(engine, e));
		status.setText((debug ? "Debugging" : "Running") + " an exchange from a launch configuration ...");
	}

	/**
	 * Draws a predicted exchange (the negotiation simulator's, as {@code org.ikewb.launch.PredictedTrace}
	 * turns it into trace events): no engine runs; the inspector shows each message's fields as the
	 * codec encodes them, protected contents as their payloads (the ciphertext is not predicted).
	 */
	public void showPrediction(String initiator, String responder, List<TraceEvent> events, String verdict) {
		closeRun();
		drawing = null;
		recorder = null;
		predicted = true;
		model.clear();
		inspector.clear();
		model.setLifelines(initiator, responder);
		model.setPredicted(true);
		events.forEach(model::add);
		canvas.refresh();
		enableStepping(false);
		status.setText("Predicted (nothing sent): " + verdict);
		setPartName("IKE Sequence (predicted)");
	}

	/** The diagram shows a prediction, not a run. */
	private boolean predicted;

	private void prepare(Engine engine, String initiator, String responder, boolean debug) {
		predicted = false;
		drawing = engine;
		model.clear();
		inspector.clear();
		model.setLifelines(initiator, responder);
		StepController stepper = engine.stepper();
		stepper.setStepping(debug);
		for (ExchangeType type : BREAKABLE) {
			if (hasBreakpoint(type)) {
				stepper.addBreakpoint(type);
			}
		}
		recorder = new TraceRecorder(engine.localAddress());
		engine.addListener(recorder);
		canvas.refresh();
		enableStepping(false);
	}

	/** Follows a run to its end (tests and launch configurations wait on the same future). */
	public void whenDone(CompletableFuture<EstablishedSa> future) {
		Display display = status.getDisplay();
		Engine engine = drawing;
		// the run's last trace events reach the diagram before its end is shown: wait (off the engine's
		// loop, which completes the future) until the engine's listeners have had them
		future.whenCompleteAsync((sa, error) -> {
			if (engine != null) {
				try {
					engine.flushTrace(java.time.Duration.ofSeconds(2));
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}
		}).whenComplete((ignored, flushError) -> display.asyncExec(() -> {
			Throwable error = future.isCompletedExceptionally() ? future.handle((ok, e) -> e).join() : null;
			// a run the view no longer draws (a new one started meanwhile) must not write its end over it
			if (!status.isDisposed() && drawing == engine) {
				if (error == null) {
					status.setText("Established: " + model.arrows().size() + " messages");
				} else {
					String reason = reason(error);
					status.setText("Failed: " + reason);
					model.dropPause();
					model.addFailure(reason);
					canvas.refresh();
				}
				enableStepping(false);
			}
		}));
	}

	/**
	 * What went wrong, for a person: the engine's own reason (its failures are written to be read);
	 * anything else by its kind, never a stack trace.
	 */
	static String reason(Throwable error) {
		Throwable e = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
		if (e instanceof org.ikewb.engine.IkeFailure && e.getMessage() != null) {
			return e.getMessage();
		}
		return "the exchange stopped on an unexpected " + e.getClass().getSimpleName()
				+ "; please report it with the policy and the launch configuration";
	}

	/** The engine whose trace the diagram shows: events still on their way from an earlier run are not drawn. */
	private Engine drawing;

	private void onEvent(Engine source, TraceEvent event) {
		Display display = status.getDisplay();
		display.asyncExec(() -> {
			if (canvas.control().isDisposed() || source != drawing) {
				return;
			}
			if (model.add(event)) {
				canvas.refresh();
			}
			if (event instanceof TraceEvent.Paused p) {
				status.setText("Paused " + p.pause() + ": Step, Continue or Terminate");
				enableStepping(true);
			} else if (event instanceof TraceEvent.Message) {
				enableStepping(false);
			}
		});
	}

	private StepController stepper() {
		Engine e = run != null ? run.initiator() : watched;
		return e == null ? null : e.stepper();
	}

	/** Lets the paused exchange go on to the next pause point. */
	public void step() {
		StepController s = stepper();
		if (s != null) {
			pauseEnded();
			s.step();
		}
	}

	/** The exchange was stepped or resumed elsewhere (the Debug view): the pause row and the buttons follow. */
	public void pauseEnded() {
		model.dropPause();
		canvas.refresh();
		enableStepping(false);
	}

	/** Runs on to the end (or the next breakpoint). */
	public void resume() {
		StepController s = stepper();
		if (s != null) {
			pauseEnded();
			s.resume();
		}
	}

	/** Closes the engines of the previous run (their sockets), keeping the diagram: a new launch binds next. */
	public void release() {
		closeRun();
		enableStepping(false);
	}

	/** Ends the exchange: closes our engines; the diagram stays. */
	public void terminate() {
		closeRun();
		model.dropPause();
		canvas.refresh();
		status.setText("Terminated after " + model.arrows().size() + " messages");
		enableStepping(false);
	}

	private void showRow(int index) {
		List<SequenceModel.Row> rows = model.rows();
		if (index >= 0 && index < rows.size() && rows.get(index) instanceof SequenceModel.Arrow a) {
			inspector.show(a, model);
		}
	}

	/** Selects the {@code n}-th arrow (0-based), as a click on it does; returns its row. */
	public int selectArrow(int n) {
		List<SequenceModel.Row> rows = model.rows();
		int seen = 0;
		for (int i = 0; i < rows.size(); i++) {
			if (rows.get(i) instanceof SequenceModel.Arrow && seen++ == n) {
				canvas.select(i);
				return i;
			}
		}
		return -1;
	}

	/** The inspector's tree rows, hex text and keys text (tests, accessibility). */
	public List<String> inspectorRows() {
		return inspector.rows();
	}

	public boolean inspectField(String prefix) {
		return inspector.selectField(prefix);
	}

	public String inspectorHex() {
		return inspector.hexText();
	}

	public int[] inspectorHighlight() {
		return inspector.highlighted();
	}

	public String inspectorKeys() {
		return inspector.keysText();
	}

	public void exportPng(Path file) {
		SequenceCanvas.writePng(status.getDisplay(), model, file.toString());
	}

	public void exportSvg(Path file) throws IOException {
		Files.writeString(file, SequenceExport.svg(model), StandardCharsets.UTF_8);
	}

	public void exportMermaid(Path file) throws IOException {
		Files.writeString(file, SequenceExport.mermaid(model), StandardCharsets.UTF_8);
	}

	/**
	 * The datagrams as a pcap, and beside it ({@code FILE.keys}) Wireshark's ikev2_decryption_table
	 * with the final key generation of each IKE SA when keys were traced (owner-only), and the
	 * decrypted export ({@code NAME-decrypted.pcap}: every message with its SK payload opened, which
	 * Wireshark dissects as IKE without keys or Decode As).
	 */
	public void exportPcap(Path file) throws IOException {
		if (recorder == null) {
			throw new IOException(predicted ? "a predicted exchange sends nothing: run the pair to export its traffic"
					: "nothing has run yet");
		}
		recorder.writePcap(file);
		recorder.writeDecryptedPcap(file.resolveSibling(file.getFileName().toString().replaceFirst("\\.pcap$", "") + "-decrypted.pcap"));
		if (traceKeys) {
			recorder.writeWiresharkKeys(Path.of(file + ".keys"));
		}
	}

	/** The rows shown, for tests and accessibility. */
	public List<SequenceModel.Row> rows() {
		return model.rows();
	}

	public List<SequenceModel.Arrow> arrows() {
		return model.arrows();
	}

	/** What the view says above the diagram. */
	public String describeContents() {
		return status.getText();
	}

	/** Closed with the run being watched (a launch's debug target ends when its engines close). */
	public void closeWithRun(AutoCloseable companion) {
		List<AutoCloseable> all = new java.util.ArrayList<>(companions);
		all.add(companion);
		companions = List.copyOf(all);
	}

	private void closeRun() {
		if (run != null) {
			run.close();
			run = null;
		}
		if (watched != null) {
			watched.close();
			watched = null;
		}
		for (AutoCloseable c : companions) {
			try {
				c.close();
			} catch (Exception e) {
				// closing an engine does not fail in a way the user could act on
			}
		}
		companions = List.of();
	}

	@Override
	public void dispose() {
		closeRun();
		super.dispose();
	}

	@Override
	public void setFocus() {
		canvas.control().setFocus();
	}
}
