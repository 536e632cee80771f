"""Reading, pseudonymising and segmenting interview transcripts."""
