package org.hyperupcall.lang.compiler;

/**
 * A part of a {@link FunctionCompiler}: reaches the {@link FunctionState} it shares with the other
 * parts, its {@link Ir} and its unit, and the other parts.
 */
abstract class FunctionPart {
    final FunctionState state;
    final Compiler.Unit unit;
    final Ir ir;
    // The parts, this one among them: set by link() once all are made (they call one another).
    Statements statements;
    Conversions conversions;
    Expressions expressions;
    Conditions conditions;
    Addressing addressing;
    Assignments assignments;
    Calls calls;

    FunctionPart(FunctionState state) {
        this.state = state;
        this.unit = state.unit;
        this.ir = state.ir;
    }

    /** Reaches the other parts, once all are made. */
    final void link() {
        statements = state.statements;
        conversions = state.conversions;
        expressions = state.expressions;
        conditions = state.conditions;
        addressing = state.addressing;
        assignments = state.assignments;
        calls = state.calls;
    }
}
