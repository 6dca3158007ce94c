package org.ikewb.ui;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eclipse.jface.action.Action;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;
import org.ikewb.engine.EstablishedSa;

/**
 * The IKE sequence diagram: lifelines for initiator and responder, one arrow per message with
 * exchange, message ID and payloads (encrypted ones inside SK{...}), a band wherever the keys change,
 * errors in red. It fills live while an exchange runs; the toolbar runs the hybrid exchange against
 * the embedded responder (with a rekey of the Child SA and the IKE SA).
 */
public class SequenceView extends ViewPart {

	public static final String ID = "org.ikewb.ui.sequenceView";
	static final String EMPTY_TEXT = "No IKE exchange has run yet.\n"
			+ "Run the hybrid exchange from the toolbar to watch IKE_SA_INIT, IKE_INTERMEDIATE and IKE_AUTH arrive here.";

	private Label status;
	private SequenceCanvas canvas;
	private final SequenceModel model = new SequenceModel();
	private EmbeddedRun run;
	private volatile CompletableFuture<EstablishedSa> current;

	@Override
	public void createPartControl(Composite parent) {
		parent.setLayout(new GridLayout(1, false));
		status = new Label(parent, SWT.WRAP);
		status.setText(EMPTY_TEXT);
		status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		canvas = new SequenceCanvas(parent);
		canvas.control().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		canvas.setModel(model);
		getViewSite().getActionBars().getToolBarManager().add(new Action("Run hybrid exchange (embedded responder)") {
			@Override
			public void run() {
				runEmbedded(true);
			}
		});
	}

	/** Runs x25519 + ML-KEM-768 against the embedded responder and draws it as it happens. */
	public CompletableFuture<EstablishedSa> runEmbedded(boolean rekey) {
		Display display = status.getDisplay();
		closeRun();
		model.clear();
		try {
			run = new EmbeddedRun(false);
		} catch (IOException e) {
			status.setText("cannot open a UDP socket: " + e.getMessage());
			return CompletableFuture.failedFuture(e);
		}
		model.setLifelines(run.lifelineOfInitiator(), run.lifelineOfResponder());
		status.setText("Running " + EmbeddedRun.IKE + " against the embedded responder ...");
		canvas.refresh();
		current = run.start(event -> display.asyncExec(() -> {
			if (!canvas.control().isDisposed() && model.add(event)) {
				canvas.refresh();
			}
		}), rekey);
		current.whenComplete((sa, error) -> display.asyncExec(() -> {
			if (!status.isDisposed()) {
				status.setText(error == null ? "Established: " + model.arrows().size() + " messages"
						: "Failed: " + (error.getCause() != null ? error.getCause().getMessage() : error.getMessage()));
			}
		}));
		return current;
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

	private void closeRun() {
		if (run != null) {
			run.close();
			run = null;
		}
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
