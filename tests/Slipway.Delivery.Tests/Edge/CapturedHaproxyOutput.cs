namespace Slipway.Delivery.Tests.Edge;

/// <summary>
/// Runtime API answers captured verbatim from Debian's HAProxy 2.6.12 running a config rendered by EdgeConfigRenderer
/// (upstreams on 127.0.0.1:18001 and :18002; nothing on :18009). Parsing is tested against these, not hand-written text.
/// </summary>
internal static class CapturedHaproxyOutput
{
    /// <summary>'show servers state': blue assigned and serving, green assigned to a closed port (drain, forced down), maintenance off.</summary>
    public const string ServersStateBlueServingGreenDrainDown = """
1
# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port
3 app 1 blue 127.0.0.1 2 4 1 1 1 15 3 4 6 0 0 0 - 18001 - 0 0 - - 0
3 app 2 green 127.0.0.1 0 12 1 1 1 8 2 0 6 0 0 0 - 18009 - 0 0 - - 0
4 maintenance 1 on 127.0.0.1 0 5 1 1 5 1 0 0 8 0 0 0 - 1 - 0 0 - - 0

""" + "\n";

    /// <summary>'show stat': the same moment; blue answered 5 x 200 and 5 x 404 through the edge, green's checks are refused (L4CON).</summary>
    public const string StatBlueServingGreenDown = """
# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,agent_duration,check_desc,agent_desc,check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health,addr,cookie,mode,algo,conn_rate,conn_rate_max,conn_tot,intercepted,dcon,dses,wrew,connect,reuse,cache_lookups,cache_hits,srv_icur,src_ilim,qtime_max,ctime_max,rtime_max,ttime_max,eint,idle_conn_cur,safe_conn_cur,used_conn_cur,need_conn_est,uweight,agg_server_status,agg_server_check_status,agg_check_status,-,ssl_sess,ssl_reused_sess,ssl_failed_handshake,h2_headers_rcvd,h2_data_rcvd,h2_settings_rcvd,h2_rst_stream_rcvd,h2_goaway_rcvd,h2_detected_conn_protocol_errors,h2_detected_strm_protocol_errors,h2_rst_stream_resp,h2_goaway_resp,h2_open_connections,h2_backend_open_streams,h2_total_connections,h2_backend_total_streams,h1_open_connections,h1_open_streams,h1_total_connections,h1_total_streams,h1_bytes_in,h1_bytes_out,h1_spliced_bytes_in,h1_spliced_bytes_out,
public,FRONTEND,,,0,1,9983,10,840,3420,0,0,0,,,,,OPEN,,,,,,,,,1,2,0,,,,0,5,0,10,,,,0,5,0,5,0,0,,5,10,10,,,0,0,0,0,,,,,,,,,,,,,,,,,,,,,http,,5,10,10,0,0,0,0,,,0,0,,,,,,,0,,,,,,,,,-,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,10,10,810,3690,0,0,
app,blue,0,0,0,1,,10,840,3420,,0,,0,0,0,0,UP,1,1,0,0,1,2,3,,1,3,1,,10,,2,5,,10,L7OK,200,1,0,5,0,5,0,0,,,,10,0,0,,,,,2,,,0,0,2,7,,,,Layer7 check passed,,3,2,4,,,,127.0.0.1:18001,,http,,,,,,,,0,10,0,,,0,,0,0,5,32,0,0,0,0,1,1,,,,-,0,0,0,,,,,,,,,,,,,,,,,,,,,,
app,green,0,0,0,0,,0,0,0,,0,,0,0,0,0,DOWN,1,1,0,0,1,2,2,,1,3,2,,0,,2,0,,0,L4CON,,0,0,0,0,0,0,0,,,,0,0,0,,,,,-1,Connection refused,,0,0,0,0,,,,Layer4 connection problem,,3,2,0,,,,127.0.0.1:18009,,http,,,,,,,,0,0,0,,,0,,0,0,0,0,0,0,0,0,1,1,,,,-,0,0,0,,,,,,,,,,,,,,,,,,,,,,
app,BACKEND,0,0,0,1,999,10,840,3420,0,0,,0,0,0,0,UP,1,1,0,,0,2,4,,1,3,0,,10,,1,5,,10,,,,0,5,0,5,0,0,,,,10,0,0,0,0,0,0,2,,,0,0,2,7,,,,,,,,,,,,,,http,roundrobin,,,,,,,0,10,0,0,0,,,0,0,5,32,0,,,,,1,0,0,0,-,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,15,15,4350,2180,0,0,
maintenance,on,0,0,0,0,,0,0,0,,0,,0,0,0,0,MAINT,1,1,0,,,6,,,1,4,1,,0,,2,0,,0,,,,0,0,0,0,0,0,,,,0,0,0,,,,,-1,,,0,0,0,0,,,,,,,,,,,,127.0.0.1:1,,http,,,,,,,,0,0,0,,,0,,0,0,0,0,0,0,0,0,0,1,,,,-,0,0,0,,,,,,,,,,,,,,,,,,,,,,
maintenance,BACKEND,0,0,0,0,1,0,0,0,0,0,,0,0,0,0,DOWN,0,0,0,,0,6,6,,1,4,0,,0,,1,0,,0,,,,0,0,0,0,0,0,,,,0,0,0,0,0,0,0,-1,,,0,0,0,0,,,,,,,,,,,,,,http,roundrobin,,,,,,,0,0,0,0,0,,,0,0,0,0,0,,,,,0,0,0,0,-,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
prometheus,FRONTEND,,,0,0,9983,0,0,0,0,0,0,,,,,OPEN,,,,,,,,,1,5,0,,,,0,0,0,0,,,,0,0,0,0,0,0,,0,0,0,,,0,0,0,0,,,,,,,,,,,,,,,,,,,,,http,,0,0,0,0,0,0,0,,,0,0,,,,,,,0,,,,,,,,,-,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,

""" + "\n";

    /// <summary>'show stat app 4 -1': green re-assigned and forced down, one check passed of rise 3 ('DOWN 1/3').</summary>
    public const string StatGreenGoingUp = """
# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,agent_duration,check_desc,agent_desc,check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health,addr,cookie,mode,algo,conn_rate,conn_rate_max,conn_tot,intercepted,dcon,dses,wrew,connect,reuse,cache_lookups,cache_hits,srv_icur,src_ilim,qtime_max,ctime_max,rtime_max,ttime_max,eint,idle_conn_cur,safe_conn_cur,used_conn_cur,need_conn_est,uweight,agg_server_status,agg_server_check_status,agg_check_status,-,ssl_sess,ssl_reused_sess,ssl_failed_handshake,h2_headers_rcvd,h2_data_rcvd,h2_settings_rcvd,h2_rst_stream_rcvd,h2_goaway_rcvd,h2_detected_conn_protocol_errors,h2_detected_strm_protocol_errors,h2_rst_stream_resp,h2_goaway_resp,h2_open_connections,h2_backend_open_streams,h2_total_connections,h2_backend_total_streams,h1_open_connections,h1_open_streams,h1_total_connections,h1_total_streams,h1_bytes_in,h1_bytes_out,h1_spliced_bytes_in,h1_spliced_bytes_out,
app,blue,0,0,0,1,,10,840,3420,,0,,0,0,0,0,UP,1,1,0,0,1,4,3,,1,3,1,,10,,2,0,,10,L7OK,200,1,0,5,0,5,0,0,,,,10,0,0,,,,,4,,,0,0,2,7,,,,Layer7 check passed,,3,2,4,,,,127.0.0.1:18001,,http,,,,,,,,0,10,0,,,0,,0,0,5,32,0,0,0,0,1,1,,,,-,0,0,0,,,,,,,,,,,,,,,,,,,,,,
app,green,0,0,0,0,,0,0,0,,0,,0,0,0,0,DOWN 1/3,1,1,0,0,2,0,0,,1,3,2,,0,,2,0,,0,L7OK,200,5,0,0,0,0,0,0,,,,0,0,0,,,,,-1,,,0,0,0,0,,,,Layer7 check passed,,3,2,1,,,,127.0.0.1:18002,,http,,,,,,,,0,0,0,,,0,,0,0,0,0,0,0,0,0,1,1,,,,-,0,0,0,,,,,,,,,,,,,,,,,,,,,,

""" + "\n";

    /// <summary>'show stat app 4 -1': a check of green is running right now ('* L7OK').</summary>
    public const string StatCheckInProgress = """
# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,agent_duration,check_desc,agent_desc,check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health,addr,cookie,mode,algo,conn_rate,conn_rate_max,conn_tot,intercepted,dcon,dses,wrew,connect,reuse,cache_lookups,cache_hits,srv_icur,src_ilim,qtime_max,ctime_max,rtime_max,ttime_max,eint,idle_conn_cur,safe_conn_cur,used_conn_cur,need_conn_est,uweight,agg_server_status,agg_server_check_status,agg_check_status,-,ssl_sess,ssl_reused_sess,ssl_failed_handshake,h2_headers_rcvd,h2_data_rcvd,h2_settings_rcvd,h2_rst_stream_rcvd,h2_goaway_rcvd,h2_detected_conn_protocol_errors,h2_detected_strm_protocol_errors,h2_rst_stream_resp,h2_goaway_resp,h2_open_connections,h2_backend_open_streams,h2_total_connections,h2_backend_total_streams,h1_open_connections,h1_open_streams,h1_total_connections,h1_total_streams,h1_bytes_in,h1_bytes_out,h1_spliced_bytes_in,h1_spliced_bytes_out,
app,blue,0,0,0,1,,10,840,3420,,0,,0,0,0,0,UP,1,1,0,0,1,5,3,,1,3,1,,10,,2,0,,10,L7OK,200,2,0,5,0,5,0,0,,,,10,0,0,,,,,5,,,0,0,2,7,,,,Layer7 check passed,,3,2,4,,,,127.0.0.1:18001,,http,,,,,,,,0,10,0,,,0,,0,0,5,32,0,0,0,0,1,1,,,,-,0,0,0,,,,,,,,,,,,,,,,,,,,,,
app,green,0,0,0,0,,0,0,0,,0,,0,0,0,0,DOWN 1/3,1,1,0,0,2,1,1,,1,3,2,,0,,2,0,,0,* L7OK,0,5,0,0,0,0,0,0,,,,0,0,0,,,,,-1,,,0,0,0,0,,,,Layer7 check passed,,3,2,1,,,,127.0.0.1:18002,,http,,,,,,,,0,0,0,,,0,,0,0,0,0,0,0,0,0,1,1,,,,-,0,0,0,,,,,,,,,,,,,,,,,,,,,,

""" + "\n";
}
