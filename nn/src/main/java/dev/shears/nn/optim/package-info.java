/**
 * Optimizers (SGD, Adam, AdamW) and learning-rate schedules (step, multi-step, cosine, one-cycle) with
 * PyTorch's update rules and formulas, checked against PyTorch 1.13 in the tests.
 */
package dev.shears.nn.optim;
