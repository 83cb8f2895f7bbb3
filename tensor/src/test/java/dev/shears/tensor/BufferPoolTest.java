package dev.shears.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The lifetime rules of {@link BufferPool}: what is recycled, when, and what fails after a scope closes. */
class BufferPoolTest {

    @Test void emptyOutsideAScopeIsZeros() {
        Tensor t = Tensor.empty(3, 4);
        assertArrayEquals(new float[12], t.toArray());
        assertArrayEquals(new int[] {3, 4}, t.shape());
    }

    @Test void onlyWholeUnpooledTensorsOwnTheirStorage() {
        Tensor t = Tensor.zeros(4, 3);
        assertTrue(t.ownsStorage());
        assertTrue(t.reshape(12).ownsStorage(), "a reshape covers the whole array");
        assertFalse(t.slice(1, 3).ownsStorage(), "a slice is part of another tensor's array");
        assertFalse(Tensor.wrap(new float[20], 0, 4, 3).ownsStorage(), "a wrap of a longer array");
        try (BufferPool.Scope s = new BufferPool().open()) {
            assertFalse(Tensor.empty(4, 3).ownsStorage(), "on loan from the scope");
        }
    }

    @Test void theNextScopeTakesTheArraysOfTheLastOne() {
        BufferPool pool = new BufferPool();
        float[] a, b;
        try (BufferPool.Scope s = pool.open()) {
            a = Tensor.empty(2, 5).data();
            b = Tensor.empty(7).data();
        }
        try (BufferPool.Scope s = pool.open()) {
            assertSame(b, Tensor.empty(7).data());
            assertSame(a, Tensor.empty(5, 2).data()); // same length, any shape
            assertNotSame(a, Tensor.empty(10).data()); // both arrays of 10 are taken: a new one
        }
        assertEquals(17, pool.reusedFloats());
        assertEquals(27, pool.allocatedFloats());
    }

    @Test void arraysAScopeDidNotTakeAreDropped() {
        BufferPool pool = new BufferPool();
        float[] big;
        try (BufferPool.Scope s = pool.open()) {
            Tensor.empty(4);
            big = Tensor.empty(1000).data();
        }
        try (BufferPool.Scope s = pool.open()) {
            Tensor.empty(4);
        }
        try (BufferPool.Scope s = pool.open()) {
            assertNotSame(big, Tensor.empty(1000).data()); // the pool holds one scope's arrays, not every size seen
        }
        assertEquals(2004, pool.allocatedFloats());
    }

    @Test void aTensorFromAClosedScopeFailsOnUse() {
        BufferPool pool = new BufferPool();
        Tensor t, view, kept;
        try (BufferPool.Scope s = pool.open()) {
            t = Tensor.empty(2, 3).fill(1.5f);
            view = t.reshape(3, 2);
            kept = t.copy();
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, t::data);
        assertTrue(e.getMessage().contains("copy()"), e.getMessage());
        assertThrows(IllegalStateException.class, view::sum);
        assertThrows(IllegalStateException.class, () -> t.slice(0, 1));
        assertThrows(IllegalStateException.class, () -> t.add(kept));
        assertThrows(IllegalStateException.class, () -> kept.add(t));
        assertThrows(IllegalStateException.class, t::toArray);
        assertEquals(9f, kept.sum()); // copies made in the scope are ordinary tensors
    }

    @Test void poisonFillsRecycledArraysWithNaN() {
        BufferPool pool = new BufferPool(true);
        try (BufferPool.Scope s = pool.open()) {
            Tensor.empty(6).fill(2f);
        }
        try (BufferPool.Scope s = pool.open()) {
            for (float v : Tensor.empty(6).toArray()) assertTrue(Float.isNaN(v));
        }
    }

    @Test void otherThreadsAllocateAsUsual() throws Exception {
        BufferPool pool = new BufferPool();
        try (BufferPool.Scope s = pool.open()) {
            Tensor.empty(8).fill(3f);
        }
        try (BufferPool.Scope s = pool.open()) {
            float[] elsewhere = CompletableFuture.supplyAsync(() -> Tensor.empty(8).toArray()).get();
            assertArrayEquals(new float[8], elsewhere); // not the recycled array: zeros, and usable after the scope
        }
        assertEquals(0, pool.reusedFloats());
    }

    @Test void oneScopeAtATime() {
        BufferPool pool = new BufferPool(), other = new BufferPool();
        try (BufferPool.Scope s = pool.open()) {
            assertThrows(IllegalStateException.class, pool::open);
            assertThrows(IllegalStateException.class, other::open);
            assertThrows(IllegalStateException.class, pool::clear);
        }
        try (BufferPool.Scope s = other.open()) { // closing released the thread
            assertEquals(0f, Tensor.empty(2).sum());
        }
    }
}
