"""The back office's forms, one module per area: navigation (tenant search, corporation switch), agreements
(arrangements, promises, disputes), flows (steps, segments, holds, interest rates)."""
