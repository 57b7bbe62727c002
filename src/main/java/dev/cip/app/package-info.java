/**
 * The use cases, one per kind of goal, between the core and an adapter (the Maven goals): each opens what a run needs,
 * runs it in order and leaves its files behind; an adapter only reads its parameters, calls one and words the outcome.
 */
package dev.cip.app;
