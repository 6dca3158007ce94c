package org.ikewb.ui;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;

/**
 * The IKE sequence diagram. Until the engine's trace API exists it shows what it will hold; the
 * diagram (lifelines, one arrow per message, key-generation bands) is drawn with SWT on a Canvas.
 */
public class SequenceView extends ViewPart {

	public static final String ID = "org.ikewb.ui.sequenceView";
	static final String EMPTY_TEXT = "No IKE exchange has run yet.\n"
			+ "Run a policy's exchange to watch IKE_SA_INIT, IKE_INTERMEDIATE and IKE_AUTH arrive here.";

	private Label placeholder;

	@Override
	public void createPartControl(Composite parent) {
		parent.setLayout(new GridLayout(1, false));
		placeholder = new Label(parent, SWT.WRAP);
		placeholder.setText(EMPTY_TEXT);
		placeholder.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
	}

	/** What the view currently shows in words (for tests and accessibility). */
	public String describeContents() {
		return placeholder.getText();
	}

	@Override
	public void setFocus() {
		placeholder.setFocus();
	}
}
