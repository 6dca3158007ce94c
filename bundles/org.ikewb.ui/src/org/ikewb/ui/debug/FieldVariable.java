package org.ikewb.ui.debug;

import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IDebugTarget;
import org.eclipse.debug.core.model.IValue;
import org.eclipse.debug.core.model.IVariable;
import org.ikewb.protocol.WireField;

/** A field of the paused message in the Variables view: its name, and its decoded value with the fields inside it. */
final class FieldVariable extends IkeDebugElement implements IVariable, IValue {

	private final WireField field;

	FieldVariable(IDebugTarget target, WireField field) {
		super(target);
		this.field = field;
	}

	WireField field() {
		return field;
	}

	@Override
	public String getName() {
		return field.name();
	}

	@Override
	public String getReferenceTypeName() {
		return field.length() + (field.length() == 1 ? " octet" : " octets") + " at " + field.start();
	}

	@Override
	public IValue getValue() {
		return this;
	}

	@Override
	public boolean hasValueChanged() {
		return false;
	}

	@Override
	public String getValueString() {
		return field.value();
	}

	@Override
	public boolean isAllocated() {
		return true;
	}

	@Override
	public IVariable[] getVariables() {
		return field.children().stream().map(c -> new FieldVariable(getDebugTarget(), c)).toArray(IVariable[]::new);
	}

	@Override
	public boolean hasVariables() {
		return !field.children().isEmpty();
	}

	// read-only: a message on the wire is what it is

	@Override
	public void setValue(String expression) throws DebugException {
		throw notSupported("Changing a field");
	}

	@Override
	public void setValue(IValue value) throws DebugException {
		throw notSupported("Changing a field");
	}

	@Override
	public boolean supportsValueModification() {
		return false;
	}

	@Override
	public boolean verifyValue(String expression) {
		return false;
	}

	@Override
	public boolean verifyValue(IValue value) {
		return false;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof FieldVariable v && v.field.equals(field);
	}

	@Override
	public int hashCode() {
		return field.hashCode();
	}
}
