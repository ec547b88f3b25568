"""Resolve stage: the validated site made final: backlinks, split lists, addresses."""
