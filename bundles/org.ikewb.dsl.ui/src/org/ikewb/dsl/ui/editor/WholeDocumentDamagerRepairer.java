package org.ikewb.dsl.ui.editor;

import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITypedRegion;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.rules.DefaultDamagerRepairer;
import org.eclipse.jface.text.rules.ITokenScanner;

/** Re-colours the whole document on each change: policies are small, and multi-line comments stay right. */
class WholeDocumentDamagerRepairer extends DefaultDamagerRepairer {

	WholeDocumentDamagerRepairer(ITokenScanner scanner) {
		super(scanner);
	}

	@Override
	public IRegion getDamageRegion(ITypedRegion partition, DocumentEvent e, boolean documentPartitioningChanged) {
		return new Region(0, e.getDocument().getLength());
	}
}
