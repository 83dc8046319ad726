#!/usr/bin/env python3
"""A fake Hyper-V WinRM (WS-Management) endpoint for numaplan's tests.

SYNTHETIC DATA. No public recording of a WS-Man reply carrying Msvm_*
instances exists; the envelopes, Items/EndOfSequence placement and fault
shapes here copy real WinRM recordings (tests/hyperv/fixtures/, see its
README), while the Msvm_* instances are made up from a small JSON fixture
(host, NUMA nodes, VMs) following docs in the Hyper-V WMI reference.

Python 3 standard library only (http.server, ssl, xml.etree): it runs on
the python3 Debian 12 ships.

Usage: fake-winrm.py --data FIXTURE.json --port-file FILE --log FILE
                     [--tls DIR] [--user U --password P] [--page-size N]
                     [--misbehave OP[:CLASS]=KIND ...] [--slow-seconds S]
                     [--invoke-return N] [--job-polls N] [--job-final STATE]
The port (bound on 127.0.0.1, chosen by the OS) is written to --port-file
once the server listens. Every request is logged to --log, one line each:
OP <TAB> ACTION <TAB> RESOURCE_URI <TAB> CONNECTION <TAB> DETAIL
(OP: Enumerate, Pull, Release, Get, Invoke, Put, Create, Delete, Unknown,
or AUTH-FAILED), so tests can check that an import sent no write.

Misbehaviour KINDs (OP: Enumerate, Pull, Get, Release, Invoke or any;
CLASS: only requests about that class): fault, fault-wmierror, slow,
drop, oversize, malformed, xxe, laughs, wrong-action, http500-text.

The write side (--writes): ModifyResourceSettings, ModifySystemSettings
and ModifyServiceSettings on Msvm_VirtualSystemManagementService,
InitiateShutdown on Msvm_ShutdownComponent and RequestStateChange on
Msvm_ComputerSystem change the in-memory host as Hyper-V would: settings
only while the VM is Off (else 32775), never dynamic memory and vNUMA both
on (32773), each call answered 4096 with a job (--job-polls polls). The
host is written to --state FILE (JSON) after every change. A call that
fails changes nothing. --fail-invoke N:KIND fails the Nth Invoke (1-based,
retries count) with KIND: fault, 401, drop, timeout (a job that never
ends), job-failed (JobState 10), busy (32775 five times in a row: all
tries), busy-once (32775 once, then as usual).
"""

import argparse
import base64
import json
import os
import re
import socket
import ssl
import subprocess
import sys
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape, quoteattr

NS_SOAP = "http://www.w3.org/2003/05/soap-envelope"
NS_ADDR = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
NS_ENUM = "http://schemas.xmlsoap.org/ws/2004/09/enumeration"
NS_TRANSFER = "http://schemas.xmlsoap.org/ws/2004/09/transfer"
NS_WSMAN = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"
NS_WSMV = "http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd"
V2 = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2"
ANON = NS_ADDR + "/role/anonymous"
WQL = "http://schemas.microsoft.com/wbem/wsman/1/WQL"
OVERSIZE_BYTES = 33 * 1024 * 1024

MEMORY_GUID = "4764334E-E001-4176-82EE-5594EC9B530E"
PROCESSOR_GUID = "B637F347-6A0E-4DEC-AF52-BD70CB80A21D"
RASD_PROC = "b637f346-6a0e-4dec-af52-bd70cb80a21d"
RASD_MEM = "4764334d-e001-4176-82ee-5594ec9b530e"

OPS = {
    NS_ENUM + "/Enumerate": "Enumerate",
    NS_ENUM + "/Pull": "Pull",
    NS_ENUM + "/Release": "Release",
    NS_TRANSFER + "/Get": "Get",
    NS_TRANSFER + "/Put": "Put",
    NS_TRANSFER + "/Create": "Create",
    NS_TRANSFER + "/Delete": "Delete",
}


# key properties per class, for references (default: InstanceID)
KEYS = {
    "Msvm_ComputerSystem": ["CreationClassName", "Name"],
    "Msvm_NumaNode": ["CreationClassName", "NodeID", "SystemCreationClassName", "SystemName"],
    "Msvm_Memory": ["CreationClassName", "DeviceID", "SystemCreationClassName", "SystemName"],
    "Msvm_Processor": ["CreationClassName", "DeviceID", "SystemCreationClassName", "SystemName"],
    "Msvm_VirtualSystemManagementService": ["CreationClassName", "Name",
                                            "SystemCreationClassName", "SystemName"],
    "Msvm_HostedDependency": ["Antecedent", "Dependent"],
    "Msvm_ElementAllocatedFromNumaNode": ["Antecedent", "Dependent"],
    "Msvm_ShutdownComponent": ["CreationClassName", "DeviceID", "SystemCreationClassName",
                               "SystemName"],
}


class Epr:
    """A reference property value: class + ordered keys."""

    def __init__(self, cls, keys):
        self.cls = cls
        self.keys = keys


def epr_xml(epr):
    sel = "".join('<w:Selector Name=%s>%s</w:Selector>' % (quoteattr(k), escape(str(v)))
                  for k, v in epr.keys)
    return ('<a:Address>%s</a:Address><a:ReferenceParameters>'
            '<w:ResourceURI>%s/%s</w:ResourceURI><w:SelectorSet>%s</w:SelectorSet>'
            '</a:ReferenceParameters>' % (ANON, V2, epr.cls, sel))


def item_xml(cls, props, with_epr):
    """An enumeration item; with EnumerateObjectAndEPR, w:Item + reference."""
    inst = instance_xml(cls, props)
    if not with_epr:
        return inst
    keys = [(k, props.get(k)) for k in KEYS.get(cls, ["InstanceID"])
            if not isinstance(props.get(k), Epr)]
    return ('<w:Item>%s<a:EndpointReference>%s</a:EndpointReference></w:Item>'
            % (inst, epr_xml(Epr(cls, keys))))


def text(value):
    if value is True:
        return "true"
    if value is False:
        return "false"
    return escape(str(value))


def instance_xml(cls, props):
    """One instance as WinRM renders WMI objects (prefix p = class URI)."""
    out = ['<p:%s xmlns:p="%s/%s" xmlns:cim="http://schemas.dmtf.org/wbem/wscim/1/common" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="p:%s_Type">'
           % (cls, V2, cls, cls)]
    for name, value in sorted(props.items(), key=lambda kv: kv[0].lower()):
        if value is None:
            out.append('<p:%s xsi:nil="true"/>' % name)
        elif isinstance(value, list):
            for item in value:
                out.append('<p:%s>%s</p:%s>' % (name, text(item), name))
        elif isinstance(value, Epr):
            out.append('<p:%s>%s</p:%s>' % (name, epr_xml(value), name))
        elif isinstance(value, dict) and "datetime" in value:
            out.append('<p:%s><cim:Datetime>%s</cim:Datetime></p:%s>'
                       % (name, value["datetime"], name))
        else:
            out.append('<p:%s>%s</p:%s>' % (name, text(value), name))
    out.append('</p:%s>' % cls)
    return "".join(out)


def build_store(data):
    """The synthetic Msvm_* instances: {class: [props dict]}."""
    store = {}

    def add(cls, props):
        store.setdefault(cls, []).append(props)

    host = data["host"]["name"]
    cs_keys = lambda name: [("CreationClassName", "Msvm_ComputerSystem"), ("Name", name)]
    add("Msvm_ComputerSystem", {
        "Caption": "Hosting Computer System", "CreationClassName": "Msvm_ComputerSystem",
        "Description": "Microsoft Hosting Computer System", "ElementName": host,
        "EnabledState": 2, "HealthState": 5, "Name": host, "OperationalStatus": [2],
        "InstallDate": None, "NumberOfNumaNodes": len(data["nodes"]),
    })
    add("Msvm_VirtualSystemManagementServiceSettingData", {
        "Caption": "Hyper-V Virtual System Management Service Setting Data",
        "ElementName": "Hyper-V Virtual System Management Service",
        "InstanceID": data["host"].get("service_instance_id", "Microsoft:" + host),
        "NumaSpanningEnabled": data["host"]["numa_spanning"],
        "DefaultExternalDataRoot": "C:\\ProgramData\\Microsoft\\Windows\\Hyper-V",
        "MaximumMacAddress": "00155D2BB5FF", "MinimumMacAddress": "00155D2BB500",
        "EnhancedSessionModeEnabled": False,
    })
    add("Msvm_VirtualSystemManagementService", {
        "CreationClassName": "Msvm_VirtualSystemManagementService", "Name": "vmms",
        "SystemCreationClassName": "Msvm_ComputerSystem", "SystemName": host,
        "ElementName": "Virtual Machine Management Service", "EnabledState": 2,
    })
    for node in data["nodes"]:
        n = node["id"]
        node_id = "Microsoft:PhysicalNode\\%d" % n
        node_keys = [("CreationClassName", "Msvm_NumaNode"), ("NodeID", node_id),
                     ("SystemCreationClassName", "Msvm_ComputerSystem"), ("SystemName", host)]
        add("Msvm_NumaNode", {
            "Caption": "Numa Node", "CreationClassName": "Msvm_NumaNode",
            "CurrentlyConsumableMemoryBlocks": node["available_mb"],
            "ElementName": "Numa Node %d" % n, "EnabledState": 5, "HealthState": 5,
            "InstanceID": None, "Name": None, "NodeID": node_id,
            "NumberOfLogicalProcessors": node["lps"],
            "NumberOfProcessorCores": node.get("cores", node["lps"]),
            "OperationalStatus": [2], "SystemCreationClassName": "Msvm_ComputerSystem",
            "SystemName": host,
        })
        if not node.get("no_memory"):
            mem_id = "Microsoft:%s\\%d" % (MEMORY_GUID, n)
            add("Msvm_Memory", {
                "BlockSize": 1048576, "ConsumableBlocks": None,
                "CreationClassName": "Msvm_Memory", "DeviceID": mem_id,
                "ElementName": "Memory", "EnabledState": 2,
                "NumberOfBlocks": node["total_mb"],
                "SystemCreationClassName": "Msvm_ComputerSystem", "SystemName": host,
            })
            add("Msvm_HostedDependency", {
                "Antecedent": Epr("Msvm_NumaNode", node_keys),
                "Dependent": Epr("Msvm_Memory", [
                    ("CreationClassName", "Msvm_Memory"), ("DeviceID", mem_id),
                    ("SystemCreationClassName", "Msvm_ComputerSystem"), ("SystemName", host)]),
            })
        loads = node.get("load", [0] * node["lps"])
        for i in range(node["lps"]):
            proc_id = "Microsoft:%s\\%d\\%d" % (PROCESSOR_GUID, n, i)
            add("Msvm_Processor", {
                "CreationClassName": "Msvm_Processor", "DeviceID": proc_id,
                "ElementName": "Processor", "EnabledState": 2,
                "LoadPercentage": loads[i] if i < len(loads) else None,
                "SystemCreationClassName": "Msvm_ComputerSystem", "SystemName": host,
            })
            add("Msvm_HostedDependency", {
                "Antecedent": Epr("Msvm_NumaNode", node_keys),
                "Dependent": Epr("Msvm_Processor", [
                    ("CreationClassName", "Msvm_Processor"), ("DeviceID", proc_id),
                    ("SystemCreationClassName", "Msvm_ComputerSystem"), ("SystemName", host)]),
            })
    # host maxima/defaults: never a VM's settings
    for kind in ("Default", "Minimum", "Maximum", "Increment"):
        add("Msvm_ProcessorSettingData", {
            "InstanceID": "Microsoft:Definition\\%s\\%s" % (RASD_PROC.upper(), kind),
            "VirtualQuantity": 1 if kind != "Maximum" else 240,
            "MaxProcessorsPerNumaNode": 64, "MaxNumaNodesPerSocket": 1,
            "ResourceType": 3, "ResourceSubType": "Microsoft:Hyper-V:Processor",
        })
        add("Msvm_MemorySettingData", {
            "InstanceID": "Microsoft:Definition\\%s\\%s" % (RASD_MEM.upper(), kind),
            "VirtualQuantity": 512, "DynamicMemoryEnabled": False,
            "MaxMemoryBlocksPerNumaNode": 1048576, "Reservation": 512, "Limit": 1048576,
            "TargetMemoryBuffer": 20, "ResourceType": 4,
            "ResourceSubType": "Microsoft:Hyper-V:Memory",
        })
    for vm in data.get("vms", []):
        guid = vm["guid"]
        add("Msvm_ComputerSystem", {
            "Caption": "Virtual Machine", "CreationClassName": "Msvm_ComputerSystem",
            "Description": "Microsoft Virtual Machine", "ElementName": vm["name"],
            "EnabledState": vm["state"], "HealthState": 5, "Name": guid,
            "OperationalStatus": [2, 32768] if vm["state"] == 2 else [2],
            "InstallDate": {"datetime": "2024-03-01T10:00:00.000000-00:00"},
            "NumberOfNumaNodes": vm.get("numa_nodes", 1) if vm["state"] == 2 else 0,
            "ProcessID": 4242 if vm["state"] == 2 else None,
        })
        add("Msvm_HostedDependency", {
            "Antecedent": Epr("Msvm_ComputerSystem", cs_keys(host)),
            "Dependent": Epr("Msvm_ComputerSystem", cs_keys(guid)),
        })
        add("Msvm_ShutdownComponent", {
            "CreationClassName": "Msvm_ShutdownComponent",
            "DeviceID": "Microsoft:%s\\9F8233AC-BE49-4C79-8EE3-E7E1985B2077" % guid,
            "SystemCreationClassName": "Msvm_ComputerSystem", "SystemName": guid,
            "ElementName": "Shutdown", "EnabledState": 2,
        })
        settings = [(guid, "Microsoft:Hyper-V:System:Realized", vm)]
        for s in range(vm.get("snapshots", 0)):
            # a snapshot keeps older settings under its own GUID: reading
            # one instead of the realized settings shows in the values
            snap = dict(vm)
            snap.update(vcpus=vm["vcpus"] + 1 + s, memory_mb=vm["memory_mb"] * 2,
                        vnuma=not vm["vnuma"])
            snap_guid = str(uuid.UUID(int=(uuid.UUID(guid).int + 1 + s) % (1 << 128))).upper()
            settings.append((snap_guid, "Microsoft:Hyper-V:Snapshot:Realized", snap))
        for sid, vtype, conf in settings:
            add("Msvm_VirtualSystemSettingData", {
                "InstanceID": "Microsoft:" + sid, "ElementName": vm["name"],
                "VirtualSystemIdentifier": guid, "VirtualSystemType": vtype,
                "VirtualNumaEnabled": conf["vnuma"],
                "VirtualSystemSubType": vm.get("subtype", "Microsoft:Hyper-V:SubType:2"),
                "Version": vm.get("version", "9.0"), "Notes": [""],
                "CreationTime": {"datetime": "2024-03-01T10:00:00.000000-00:00"},
            })
            add("Msvm_ProcessorSettingData", {
                "InstanceID": "Microsoft:%s\\%s\\0" % (sid, RASD_PROC),
                "ElementName": "Processor", "VirtualQuantity": conf["vcpus"],
                "MaxProcessorsPerNumaNode": conf["max_procs_per_node"],
                "MaxNumaNodesPerSocket": conf.get("max_nodes_per_socket"),
                "Reservation": 0, "Limit": 100000, "Weight": 100,
                "ResourceType": 3, "ResourceSubType": "Microsoft:Hyper-V:Processor",
                "HwThreadsPerCore": 0,
            })
            add("Msvm_MemorySettingData", {
                "InstanceID": "Microsoft:%s\\%s" % (sid, RASD_MEM),
                "ElementName": "Memory", "VirtualQuantity": conf["memory_mb"],
                "DynamicMemoryEnabled": conf["dynamic"],
                "Reservation": conf.get("reservation_mb"), "Limit": conf.get("limit_mb"),
                "TargetMemoryBuffer": conf.get("buffer"),
                "MaxMemoryBlocksPerNumaNode": conf["max_mem_per_node_mb"],
                "AllocationUnits": "byte * 2^20", "VirtualQuantityUnits": "byte * 2^20",
                "ResourceType": 4, "ResourceSubType": "Microsoft:Hyper-V:Memory",
                "Weight": 5000,
            })
        if vm["state"] == 2:
            # a running VM's own memory and processors: not the host's
            add("Msvm_Memory", {
                "BlockSize": 1048576, "CreationClassName": "Msvm_Memory",
                "DeviceID": "Microsoft:%s\\Aggregate" % guid,
                "NumberOfBlocks": vm["memory_mb"], "SystemName": guid,
                "SystemCreationClassName": "Msvm_ComputerSystem",
            })
            # one Msvm_Memory per virtual node; "backing" names the
            # physical node of each (null: split over nodes, no link)
            backing = vm.get("backing", [])
            for i, node in enumerate(backing):
                vnode_id = "Microsoft:%s\\%d" % (guid, i)
                share = vm["memory_mb"] // len(backing)
                if i == len(backing) - 1:
                    share = vm["memory_mb"] - share * (len(backing) - 1)
                add("Msvm_Memory", {
                    "BlockSize": 1048576, "CreationClassName": "Msvm_Memory",
                    "DeviceID": vnode_id, "NumberOfBlocks": share, "SystemName": guid,
                    "SystemCreationClassName": "Msvm_ComputerSystem",
                })
                if node is None:
                    continue
                add("Msvm_ElementAllocatedFromNumaNode", {
                    "Antecedent": Epr("Msvm_NumaNode", [
                        ("CreationClassName", "Msvm_NumaNode"),
                        ("NodeID", "Microsoft:PhysicalNode\\%d" % node),
                        ("SystemCreationClassName", "Msvm_ComputerSystem"),
                        ("SystemName", host)]),
                    "Dependent": Epr("Msvm_Memory", [
                        ("CreationClassName", "Msvm_Memory"), ("DeviceID", vnode_id),
                        ("SystemCreationClassName", "Msvm_ComputerSystem"),
                        ("SystemName", guid)]),
                })
            add("Msvm_Processor", {
                "CreationClassName": "Msvm_Processor",
                "DeviceID": "Microsoft:%s\\%s\\0" % (guid, PROCESSOR_GUID),
                "LoadPercentage": 3, "SystemName": guid,
                "SystemCreationClassName": "Msvm_ComputerSystem",
            })
    return store


def find_instance(store, cls, instance_id):
    for props in store.get(cls, []):
        if str(props.get("InstanceID", "")).lower() == instance_id.lower():
            return props
    return None


WQL_SELECT = re.compile(r"^\s*SELECT\s+\*\s+FROM\s+(\w+)(?:\s+WHERE\s+(.*?))?\s*$",
                        re.IGNORECASE | re.DOTALL)
WQL_COND = re.compile(r"\s*(\w+)\s*=\s*'((?:[^'\\]|\\.)*)'\s*(?:AND\b|$)", re.IGNORECASE)


def wql_filter(store, wql):
    """SELECT * FROM Class [WHERE Prop = 'v' [AND ...]]; else None."""
    m = WQL_SELECT.match(wql)
    if not m:
        return None, None
    cls, where = m.group(1), m.group(2)
    conds = []
    if where:
        pos = 0
        while pos < len(where):
            c = WQL_COND.match(where, pos)
            if not c or c.end() == pos:
                return None, None
            conds.append((c.group(1), re.sub(r"\\(.)", r"\1", c.group(2))))
            pos = c.end()
    items = []
    for props in store.get(cls, []):
        ok = True
        for name, value in conds:
            have = props.get(name)
            if isinstance(have, bool):
                have = "true" if have else "false"
            if have is None or str(have).lower() != value.lower():
                ok = False
        if ok:
            items.append((cls, props))
    return cls, items


def envelope(action, relates_to, body, extra_ns=""):
    return ('<!-- synthetic reply from fake-winrm.py (numaplan tests), not a recording -->'
            '<s:Envelope xml:lang="en-US" xmlns:s="%s" xmlns:a="%s" xmlns:n="%s" '
            'xmlns:w="%s" xmlns:p="%s"%s><s:Header><a:Action>%s</a:Action>'
            '<a:MessageID>uuid:%s</a:MessageID><a:To>%s</a:To>'
            '<a:RelatesTo>%s</a:RelatesTo></s:Header><s:Body>%s</s:Body></s:Envelope>'
            % (NS_SOAP, NS_ADDR, NS_ENUM, NS_WSMAN, NS_WSMV, extra_ns, action,
               str(uuid.uuid4()).upper(), ANON, relates_to, body))


def fault_xml(relates_to, subcode, reason, code, message, wmierror=False):
    if wmierror:
        detail = ('<p:MSFT_WmiError b:IsCIM_Error="true" '
                  'xmlns:b="http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd" '
                  'xmlns:p="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/MSFT_WmiError" '
                  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                  '<p:CIMStatusCode>27</p:CIMStatusCode>'
                  '<p:Message>%s</p:Message><p:error_Code>%d</p:error_Code>'
                  '<p:error_Type>HRESULT</p:error_Type></p:MSFT_WmiError>'
                  % (escape(message), code))
    else:
        detail = ('<f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" '
                  'Code="%d" Machine="fake-winrm"><f:Message><f:ProviderFault '
                  'provider="WMI Provider (synthetic)" path="fake-winrm.py">'
                  '<f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" '
                  'Code="%d" Machine="fake-winrm"><f:Message>%s</f:Message></f:WSManFault>'
                  '</f:ProviderFault></f:Message></f:WSManFault>' % (code, code, escape(message)))
    body = ('<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>%s</s:Value>'
            '</s:Subcode></s:Code><s:Reason><s:Text xml:lang="en-US">%s</s:Text></s:Reason>'
            '<s:Detail>%s</s:Detail></s:Fault>' % (subcode, escape(reason), detail))
    return envelope("http://schemas.dmtf.org/wbem/wsman/1/wsman/fault", relates_to, body)


class Unauthorized(Exception):
    pass


class Dropped(Exception):
    pass


class State:
    def __init__(self, args):
        self.args = args
        with open(args.data) as f:
            self.store = build_store(json.load(f))
        self.contexts = {}
        self.jobs = {}
        self.lock = threading.Lock()
        self.log = open(args.log, "a", buffering=1)
        self.rules = []
        for spec in args.misbehave:
            target, kind = spec.split("=", 1)
            op, _, cls = target.partition(":")
            self.rules.append((op, cls, kind))
        self.connections = 0
        self.invokes = 0
        self.busy_left = 0
        self.fail_at = {}
        for spec in args.fail_invoke:
            n, kind = spec.split(":", 1)
            self.fail_at[int(n)] = kind
        self.write_state()

    def write_state(self):
        """The host as JSON, for tests to compare with a journal."""
        if not self.args.state:
            return
        host = {"spanning": None, "vms": {}}
        for props in self.store.get("Msvm_VirtualSystemManagementServiceSettingData", []):
            host["spanning"] = props["NumaSpanningEnabled"]
        for vm in self.store.get("Msvm_ComputerSystem", []):
            if vm.get("Caption") != "Virtual Machine":
                continue
            guid = vm["Name"]
            sid = "Microsoft:" + guid
            vssd = find_instance(self.store, "Msvm_VirtualSystemSettingData", sid)
            proc = find_instance(self.store, "Msvm_ProcessorSettingData",
                                 "Microsoft:%s\\%s\\0" % (guid, RASD_PROC))
            mem = find_instance(self.store, "Msvm_MemorySettingData",
                                "Microsoft:%s\\%s" % (guid, RASD_MEM))
            host["vms"][guid] = {
                "name": vm["ElementName"], "EnabledState": vm["EnabledState"],
                "system": {"VirtualNumaEnabled": vssd["VirtualNumaEnabled"]},
                "processor": {k: proc.get(k) for k in ("VirtualQuantity",
                                                       "MaxProcessorsPerNumaNode")},
                "memory": {k: mem.get(k) for k in (
                    "DynamicMemoryEnabled", "VirtualQuantity", "Reservation", "Limit",
                    "TargetMemoryBuffer", "MaxMemoryBlocksPerNumaNode")},
            }
        tmp = self.args.state + ".tmp"
        with open(tmp, "w") as f:
            json.dump(host, f, indent=1, sort_keys=True)
        os.rename(tmp, self.args.state)

    def rule_for(self, op, cls):
        for r_op, r_cls, kind in self.rules:
            if r_op in (op, "any") and (not r_cls or r_cls == cls):
                return kind
        return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Microsoft-HTTPAPI/2.0"
    sys_version = ""

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        with self.server.state.lock:
            self.server.state.connections += 1
            self.conn_id = self.server.state.connections

    def log_request_line(self, op, action, uri, detail):
        st = self.server.state
        with st.lock:
            st.log.write("%s\t%s\t%s\t%d\t%s\n" % (op, action, uri, self.conn_id,
                                                    detail.replace("\n", " ")))

    def send_body(self, status, body, ctype="application/soap+xml;charset=UTF-8"):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        st = self.server.state
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        if st.args.user is not None:
            expect = "Basic " + base64.b64encode(
                ("%s:%s" % (st.args.user, st.args.password)).encode()).decode()
            if self.headers.get("Authorization") != expect:
                self.log_request_line("AUTH-FAILED", "-", "-", "401")
                self.send_response(401)
                self.send_header("WWW-Authenticate", "Negotiate")
                self.send_header("WWW-Authenticate", 'Basic realm="WSMAN"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
        try:
            root = ET.fromstring(raw)
        except ET.ParseError as e:
            self.log_request_line("Unknown", "-", "-", "unparsable request: %s" % e)
            self.send_body(400, "bad request")
            return
        header = root.find("{%s}Header" % NS_SOAP)
        body = root.find("{%s}Body" % NS_SOAP)
        action = header.findtext("{%s}Action" % NS_ADDR, "")
        uri = header.findtext("{%s}ResourceURI" % NS_WSMAN, "")
        msgid = header.findtext("{%s}MessageID" % NS_ADDR, "")
        selectors = [(s.get("Name"), s.text or "") for s in
                     header.findall("{%s}SelectorSet/{%s}Selector" % (NS_WSMAN, NS_WSMAN))]
        op = OPS.get(action)
        if op is None and uri and action.startswith(uri + "/"):
            op = "Invoke"
        op = op or "Unknown"
        cls = uri.rsplit("/", 1)[-1]
        detail = ""
        if op == "Enumerate":
            flt = body.find("{%s}Enumerate/{%s}Filter" % (NS_ENUM, NS_WSMAN))
            mode = body.findtext("{%s}Enumerate/{%s}EnumerationMode" % (NS_ENUM, NS_WSMAN))
            if mode:
                detail = "mode=%s " % mode
            if flt is not None:
                detail += flt.text or ""
                m = re.search(r"\bFROM\s+(\w+)", detail, re.IGNORECASE)
                cls = m.group(1) if m else "?"
        elif op in ("Pull", "Release"):
            ctx = body.findtext(".//{%s}EnumerationContext" % NS_ENUM, "")
            detail = ctx
            with st.lock:
                cls = st.contexts.get(ctx, ("?", []))[0]
        elif op in ("Get", "Invoke"):
            detail = ",".join("%s=%s" % s for s in selectors)
            if op == "Invoke":
                detail += " " + self.describe_params(body)
        self.log_request_line(op, action, uri, detail)
        kind = st.rule_for(op, cls)
        if kind == "slow":
            time.sleep(st.args.slow_seconds)
        if kind == "fault":
            self.send_body(500, fault_xml(msgid, "w:InternalError",
                                          "Synthetic fault from fake-winrm: the provider "
                                          "failed (%s %s)." % (op, cls), 2150858752,
                                          "The synthetic provider refused %s." % op))
            return
        if kind == "fault-wmierror":
            self.send_body(500, fault_xml(msgid, "w:QuotaLimit",
                                          "Synthetic quota fault from fake-winrm.",
                                          2150859173, "Synthetic MSFT_WmiError: quota "
                                          "exceeded.", wmierror=True))
            return
        if kind == "http500-text":
            self.send_body(500, "Internal Server Error (synthetic)", "text/plain")
            return
        if kind == "xxe":
            self.send_body(200, '<?xml version="1.0"?><!DOCTYPE s:Envelope [<!ENTITY xxe '
                           'SYSTEM "file:///etc/passwd">]>' +
                           envelope(action + "Response", msgid,
                                    '<n:EnumerateResponse><n:EnumerationContext/>'
                                    '<w:Items><p:X xmlns:p="%s/X"><p:Y>&xxe;</p:Y></p:X>'
                                    '</w:Items><w:EndOfSequence/></n:EnumerateResponse>' % V2))
            return
        if kind == "laughs":
            ents = '<!ENTITY lol "lol">' + "".join(
                '<!ENTITY lol%d "%s">' % (i, ("&lol%d;" % (i - 1) if i > 1 else "&lol;") * 10)
                for i in range(1, 10))
            self.send_body(200, '<?xml version="1.0"?><!DOCTYPE s:Envelope [%s]>' % ents +
                           envelope(action + "Response", msgid,
                                    '<n:EnumerateResponse><n:EnumerationContext/>'
                                    '<w:Items><p:X xmlns:p="%s/X"><p:Y>&lol9;</p:Y></p:X>'
                                    '</w:Items><w:EndOfSequence/></n:EnumerateResponse>' % V2))
            return
        if kind == "oversize":
            self.send_oversize(action, msgid)
            return
        try:
            status, reply = self.answer(op, action, uri, cls, msgid, body, header, selectors)
        except Unauthorized:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="WSMAN"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        except Dropped:
            # half a reply, then the connection closes: a client that had
            # no byte back might send the call again, one that has some
            # must not
            data = envelope(action + "Response", msgid, "<p:Dropped/>").encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/soap+xml;charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        except Exception as e:  # a bug here must show, not hang the client
            status, reply = 500, fault_xml(msgid, "w:InternalError", "fake-winrm bug: %r" % e,
                                           2150858752, "bug")
        if kind == "wrong-action":
            reply = reply.replace("<a:Action>%sResponse</a:Action>" % action,
                                  "<a:Action>%s/GetResponse</a:Action>" % NS_TRANSFER)
        if kind == "malformed":
            reply = reply[: len(reply) * 3 // 5]
        if kind == "drop":
            data = reply.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/soap+xml;charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        self.send_body(status, reply)

    def describe_params(self, body):
        out = []
        method_input = next(iter(body), None)
        if method_input is None:
            return ""
        for param in method_input:
            name = param.tag.split("}")[-1]
            value = param.text or ""
            if value.lstrip().startswith("<INSTANCE"):
                inst = ET.fromstring(value)
                props = ";".join("%s:%s=%s" % (p.get("NAME"), p.get("TYPE"),
                                               p.findtext("VALUE", ""))
                                 for p in inst.findall("PROPERTY"))
                value = "%s{%s}" % (inst.get("CLASSNAME"), props)
            elif len(param):
                value = "EPR(%s)" % ",".join(
                    "%s=%s" % (s.get("Name"), s.text) for s in param.iter(
                        "{%s}Selector" % NS_WSMAN))
            out.append("%s=%s" % (name, value))
        return " ".join(out)

    def send_oversize(self, action, msgid):
        head = envelope(action + "Response", msgid, "<n:EnumerateResponse><n:EnumerationContext>"
                        "x</n:EnumerationContext><w:Items>").split("<w:Items>")[0] + "<w:Items>"
        self.send_response(200)
        self.send_header("Content-Type", "application/soap+xml;charset=UTF-8")
        self.send_header("Content-Length", str(OVERSIZE_BYTES))
        self.end_headers()
        chunk = ("<!-- synthetic padding -->" * 2048).encode()
        sent = 0
        try:
            self.wfile.write(head.encode())
            sent += len(head)
            while sent < OVERSIZE_BYTES:
                part = chunk[: OVERSIZE_BYTES - sent]
                self.wfile.write(part)
                sent += len(part)
        except OSError:
            pass
        self.close_connection = True

    def page(self, items, max_elements):
        size = min(max_elements, self.server.state.args.page_size)
        return items[:size], items[size:]

    def answer(self, op, action, uri, cls, msgid, body, header, selectors):
        st = self.server.state
        if op == "Enumerate":
            enum = body.find("{%s}Enumerate" % NS_ENUM)
            flt = enum.find("{%s}Filter" % NS_WSMAN)
            if flt is not None:
                if flt.get("Dialect") != WQL or not uri.endswith("/*"):
                    return 500, fault_xml(msgid, "n:CannotProcessFilter", "bad filter",
                                          2150858778, "filter dialect or URI")
                cls, items = wql_filter(st.store, flt.text or "")
                if items is None:
                    return 500, fault_xml(
                        msgid, "n:CannotProcessFilter",
                        "The data source could not process the filter. (fake-winrm "
                        "supports SELECT * FROM C [WHERE P = 'v' [AND ...]] only)",
                        2150858778, "The specified query is not supported by the fake.")
            else:
                if uri.endswith("/*"):
                    return 500, fault_xml(msgid, "w:InvalidSelectors", "no class",
                                          2150858843, "no class")
                items = [(cls, p) for p in st.store.get(cls, [])]
            optimize = enum.find("{%s}OptimizeEnumeration" % NS_WSMAN) is not None
            with_epr = enum.findtext("{%s}EnumerationMode" % NS_WSMAN) == "EnumerateObjectAndEPR"
            items = [(c, p, with_epr) for c, p in items]
            max_el = int(enum.findtext("{%s}MaxElements" % NS_WSMAN, "1"))
            first, rest = self.page(items, max_el) if optimize else ([], items)
            xml_items = "".join(item_xml(c, p, e) for c, p, e in first)
            if optimize and not rest:
                # Windows' shape: empty context, items, EndOfSequence
                resp = ("<n:EnumerateResponse><n:EnumerationContext></n:EnumerationContext>"
                        "<w:Items>%s</w:Items><w:EndOfSequence/></n:EnumerateResponse>"
                        % xml_items)
            else:
                ctx = "uuid:" + str(uuid.uuid4()).upper()
                with st.lock:
                    st.contexts[ctx] = (cls, rest)
                resp = ("<n:EnumerateResponse><n:EnumerationContext>%s</n:EnumerationContext>"
                        "%s</n:EnumerateResponse>"
                        % (ctx, "<w:Items>%s</w:Items>" % xml_items if optimize else ""))
            return 200, envelope(action + "Response", msgid, resp)
        if op in ("Pull", "Release"):
            ctx = body.findtext(".//{%s}EnumerationContext" % NS_ENUM, "")
            with st.lock:
                entry = st.contexts.pop(ctx, None)
            if entry is None:
                return 500, fault_xml(msgid, "n:InvalidEnumerationContext",
                                      "The enumeration context supplied in the message is "
                                      "not valid.", 2150858770, "invalid context")
            if op == "Release":
                return 200, envelope(action + "Response", msgid, "")
            cls, items = entry
            max_el = int(body.findtext(".//{%s}MaxElements" % NS_ENUM, "1"))
            first, rest = self.page(items, max_el)
            xml_items = "".join(item_xml(c, p, e) for c, p, e in first)
            if rest:
                new_ctx = "uuid:" + str(uuid.uuid4()).upper()
                with st.lock:
                    st.contexts[new_ctx] = (cls, rest)
                resp = ("<n:PullResponse><n:EnumerationContext>%s</n:EnumerationContext>"
                        "<n:Items>%s</n:Items></n:PullResponse>" % (new_ctx, xml_items))
            else:
                resp = ("<n:PullResponse><n:Items>%s</n:Items><n:EndOfSequence/>"
                        "</n:PullResponse>" % xml_items)
            return 200, envelope(action + "Response", msgid, resp)
        if op == "Get":
            if cls == "Msvm_ConcreteJob":
                return self.get_job(action, msgid, selectors)
            for props in st.store.get(cls, []):
                if all(str(props.get(k, "")).lower() == (v or "").lower()
                       for k, v in selectors) and selectors:
                    return 200, envelope(action + "Response", msgid, instance_xml(cls, props))
            return 500, fault_xml(msgid, "w:InvalidSelectors",
                                  "The WS-Management service cannot process the request "
                                  "because the request contained invalid selectors for the "
                                  "resource.", 2150858843, "invalid selectors")
        if op == "Invoke" and st.args.writes:
            return self.write(action[len(uri) + 1:], uri, cls, msgid, action, body, selectors)
        if op == "Invoke":
            method = action[len(uri) + 1:]
            ret = st.args.invoke_return
            out = "<p:ReturnValue>%d</p:ReturnValue>" % ret
            if ret == 4096:
                job_id = str(uuid.uuid4()).upper()
                with st.lock:
                    st.jobs[job_id] = [st.args.job_polls, st.args.job_final]
                out = ("<p:Job>%s</p:Job>" % epr_xml(Epr("Msvm_ConcreteJob",
                                                          [("InstanceID", job_id)]))) + out
            return 200, envelope(action + "Response", msgid,
                                 '<p:%s_OUTPUT xmlns:p="%s">%s</p:%s_OUTPUT>'
                                 % (method, uri, out, method))
        return 500, fault_xml(msgid, "w:ActionNotSupported", "not supported by the fake",
                              2150858754, "unsupported action")

    def output(self, method, uri, action, msgid, ret, final=7, polls=None):
        st = self.server.state
        out = "<p:ReturnValue>%d</p:ReturnValue>" % ret
        if ret == 4096:
            job_id = str(uuid.uuid4()).upper()
            with st.lock:
                st.jobs[job_id] = [st.args.job_polls if polls is None else polls, final]
            out = ("<p:Job>%s</p:Job>" % epr_xml(Epr("Msvm_ConcreteJob",
                                                      [("InstanceID", job_id)]))) + out
        return 200, envelope(action + "Response", msgid, '<p:%s_OUTPUT xmlns:p="%s">%s</p:%s_OUTPUT>'
                             % (method, uri, out, method))

    def write(self, method, uri, cls, msgid, action, body, selectors):
        """The write side: a change to the in-memory host, or a failure
        that changes nothing."""
        st = self.server.state
        with st.lock:
            st.invokes += 1
            kind = st.fail_at.get(st.invokes)
            if kind == "busy":
                st.busy_left = 5
            if kind == "busy-once":
                st.busy_left = 1
            busy = st.busy_left > 0
            if busy:
                st.busy_left -= 1
        if kind == "fault":
            return 500, fault_xml(msgid, "w:InternalError", "Synthetic fault from fake-winrm "
                                  "(invoke %d)." % st.invokes, 2150858752, "refused")
        if kind == "401":
            raise Unauthorized()
        if kind == "drop":
            raise Dropped()
        if busy:
            return self.output(method, uri, action, msgid, 32775)
        if kind == "timeout":
            return self.output(method, uri, action, msgid, 4096, final=4, polls=10 ** 9)
        if kind == "job-failed":
            return self.output(method, uri, action, msgid, 4096, final=10)
        params = {}
        method_input = next(iter(body), None)
        for param in (method_input if method_input is not None else []):
            params[param.tag.split("}")[-1]] = param.text or ""
        with st.lock:
            ret = self.change(method, cls, params, dict((k.lower(), v) for k, v in selectors))
            if ret == 0:
                st.write_state()
        if ret != 0:
            return self.output(method, uri, action, msgid, ret)
        return self.output(method, uri, action, msgid, 4096)

    def change(self, method, cls, params, selectors):
        store = self.server.state.store

        def vm_of(instance_id):
            guid = instance_id.split(":", 1)[-1].split("\\")[0]
            for vm in store["Msvm_ComputerSystem"]:
                if vm["Name"].lower() == guid.lower():
                    return vm
            return None

        def embedded(text):
            inst = ET.fromstring(text)
            props = {}
            for p in inst.findall("PROPERTY"):
                value = p.findtext("VALUE", "")
                if p.get("TYPE") == "boolean":
                    value = value.lower() == "true"
                elif p.get("TYPE", "").startswith("uint"):
                    value = int(value)
                props[p.get("NAME")] = value
            return inst.get("CLASSNAME"), props

        if cls == "Msvm_VirtualSystemManagementService" and method in (
                "ModifyResourceSettings", "ModifySystemSettings", "ModifyServiceSettings"):
            name = {"ModifyResourceSettings": "ResourceSettings",
                    "ModifySystemSettings": "SystemSettings",
                    "ModifyServiceSettings": "SettingData"}[method]
            klass, props = embedded(params[name])
            target = find_instance(store, klass, props.get("InstanceID", ""))
            if target is None:
                return 4  # invalid parameter
            if method == "ModifyServiceSettings":
                target.update(props)
                return 0
            vm = vm_of(props["InstanceID"])
            if vm is None or vm["EnabledState"] != 3:
                return 32775
            guid = vm["Name"]
            vssd = find_instance(store, "Msvm_VirtualSystemSettingData", "Microsoft:" + guid)
            mem = find_instance(store, "Msvm_MemorySettingData",
                                "Microsoft:%s\\%s" % (guid, RASD_MEM))
            dm = props.get("DynamicMemoryEnabled", mem["DynamicMemoryEnabled"]) \
                if klass == "Msvm_MemorySettingData" else mem["DynamicMemoryEnabled"]
            vnuma = props.get("VirtualNumaEnabled", vssd["VirtualNumaEnabled"]) \
                if klass == "Msvm_VirtualSystemSettingData" else vssd["VirtualNumaEnabled"]
            if dm and vnuma:
                return 32773  # v2 refuses dynamic memory with vNUMA on
            target.update(props)
            return 0
        if cls == "Msvm_ShutdownComponent" and method == "InitiateShutdown":
            guid = selectors.get("systemname", "")
            vm = vm_of("Microsoft:" + guid)
            if vm is None or vm["EnabledState"] != 2:
                return 32775
            vm["EnabledState"] = 3
            return 0
        if cls == "Msvm_ComputerSystem" and method == "RequestStateChange":
            vm = vm_of("Microsoft:" + selectors.get("name", ""))
            if vm is None:
                return 4
            # 3 (off) and 11 (reset) are applied too: tests read the log
            # to prove apply never sends them
            vm["EnabledState"] = {2: 2, 3: 3, 11: 2}.get(int(params.get("RequestedState", 0)),
                                                       vm["EnabledState"])
            return 0
        return 1  # not supported

    def get_job(self, action, msgid, selectors):
        st = self.server.state
        job_id = dict((k.lower(), v) for k, v in selectors).get("instanceid", "")
        with st.lock:
            job = st.jobs.get(job_id)
            left, final = job if job is not None else (None, None)
            if left is not None and left > 0:
                job[0] = left - 1
        if left is None:
            return 500, fault_xml(msgid, "w:InvalidSelectors", "no such job", 2150858843,
                                  "no such job")
        done = left == 0
        state = final if done else 4
        props = {"InstanceID": job_id, "JobState": state,
                 "PercentComplete": 100 if done else 50,
                 "ErrorCode": 0 if state == 7 else 32768,
                 "ErrorDescription": None if state == 7 else "Synthetic job failure.",
                 "ElementName": "Synthetic job", "JobType": 1}
        return 200, envelope(action + "Response", msgid, instance_xml("Msvm_ConcreteJob", props))


def make_cert(directory):
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    if not os.path.exists(cert):
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-keyout", key, "-out", cert, "-days", "2", "-subj",
                        "/CN=fake-winrm.test",
                        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cert, key


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--tls", metavar="DIR")
    ap.add_argument("--user")
    ap.add_argument("--password")
    ap.add_argument("--page-size", type=int, default=1000)
    ap.add_argument("--misbehave", action="append", default=[])
    ap.add_argument("--slow-seconds", type=float, default=5.0)
    ap.add_argument("--invoke-return", type=int, default=0)
    ap.add_argument("--job-polls", type=int, default=2)
    ap.add_argument("--job-final", type=int, default=7)
    ap.add_argument("--max-seconds", type=float, default=600.0)
    ap.add_argument("--writes", action="store_true")
    ap.add_argument("--state")
    ap.add_argument("--fail-invoke", action="append", default=[])
    args = ap.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.state = State(args)
    if args.tls:
        cert, key = make_cert(args.tls)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    # never outlive a test that forgot us
    threading.Timer(args.max_seconds, lambda: os._exit(0)).start()
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, args.port_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
