"""Reading a question: normalising its text, finding drugs, codes, programs and topics in it."""
